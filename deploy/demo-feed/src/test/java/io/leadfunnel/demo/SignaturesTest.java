package io.leadfunnel.demo;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The feed signs as lead-service verifies: the reference values of lead-service's own signature tests (openssl). */
class SignaturesTest {

    @Test
    void hubspot_v3_signs_method_uri_body_and_timestamp() {
        byte[] body = "[{\"eventId\":1}]".getBytes(StandardCharsets.UTF_8);
        // lead-service HubSpotSignatureTest: HMAC-SHA256("hs-secret", "POST" + URI + BODY + TIMESTAMP), Base64
        assertThat(Signatures.hubSpotV3("hs-secret", "POST", "https://funnel.example.com/webhooks/hubspot?x=1", body,
                1700000000000L)).isEqualTo("uoBSyhU8IJeWpljJ6t5HBRyLZynO4GPgxJ2Pv7iWb3w=");
    }

    @Test
    void hubspot_v3_depends_on_uri_and_timestamp() {
        byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
        String a = Signatures.hubSpotV3("s", "POST", "http://127.0.0.1:8081/webhooks/hubspot", body, 1L);
        assertThat(Signatures.hubSpotV3("s", "POST", "http://localhost:8081/webhooks/hubspot", body, 1L)).isNotEqualTo(a);
        assertThat(Signatures.hubSpotV3("s", "POST", "http://127.0.0.1:8081/webhooks/hubspot", body, 2L)).isNotEqualTo(a);
    }

    @Test
    void funnel_signature_is_t_dot_body_in_hex() {
        byte[] body = "{\"email\":\"a@b.io\"}".getBytes(StandardCharsets.UTF_8);
        // lead-service FunnelSignatureTest: hex HMAC-SHA256("gen-secret", "1700000000." + BODY)
        assertThat(Signatures.funnelSignature("gen-secret", 1700000000L, body))
                .isEqualTo("t=1700000000,v1=a3724e104876ae5d7e1c8c11c18e6835389e6aa6b2d90e9d2653de73299003f1");
    }
}
