package io.leadfunnel.lead.webhook;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SignedUriTest {

    private static final URI RECEIVED = URI.create("http://10.0.0.7:8081/webhooks/hubspot?portal=62515");

    @Test
    void without_a_public_base_url_the_request_uri_is_signed() {
        assertThat(WebhookResource.signedUri(Optional.empty(), RECEIVED)).isEqualTo(RECEIVED.toString());
        assertThat(WebhookResource.signedUri(Optional.of(" "), RECEIVED)).isEqualTo(RECEIVED.toString());
    }

    @Test
    void behind_a_proxy_the_public_base_url_replaces_scheme_host_and_port() {
        assertThat(WebhookResource.signedUri(Optional.of("https://funnel.example.com/"), RECEIVED))
                .isEqualTo("https://funnel.example.com/webhooks/hubspot?portal=62515");
        assertThat(WebhookResource.signedUri(Optional.of("https://example.com/crm"), URI.create("http://h/webhooks/hubspot")))
                .isEqualTo("https://example.com/crm/webhooks/hubspot");
    }
}
