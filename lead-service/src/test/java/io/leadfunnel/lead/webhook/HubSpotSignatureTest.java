package io.leadfunnel.lead.webhook;

import io.leadfunnel.runtime.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubSpotSignatureTest {

    private static final String URI = "https://funnel.example.com/webhooks/hubspot?x=1";
    private static final byte[] BODY = "[{\"eventId\":1}]".getBytes(StandardCharsets.UTF_8);
    private static final String TIMESTAMP = "1700000000000";
    private static final Instant NOW = Instant.ofEpochMilli(1700000000000L);
    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    /** Computed with openssl: HMAC-SHA256("hs-secret", "POST" + URI + BODY + TIMESTAMP), Base64. */
    private static final String EXPECTED = "uoBSyhU8IJeWpljJ6t5HBRyLZynO4GPgxJ2Pv7iWb3w=";

    @Test
    void signs_method_uri_body_and_timestamp_as_hubspot_does() {
        assertThat(HubSpotSignature.sign("hs-secret", "POST", URI, BODY, TIMESTAMP)).isEqualTo(EXPECTED);
    }

    @Test
    void given_a_correct_signature_when_verified_then_accepted() {
        assertThatCode(() -> verify(List.of("hs-secret"), EXPECTED, TIMESTAMP, NOW)).doesNotThrowAnyException();
    }

    @Test
    void given_a_signature_by_the_previous_secret_when_rotating_then_accepted() {
        assertThatCode(() -> verify(List.of("new-secret", "hs-secret"), EXPECTED, TIMESTAMP, NOW))
                .doesNotThrowAnyException();
    }

    @Test
    void given_another_secret_or_body_then_refused() {
        assertRefused(() -> verify(List.of("other"), EXPECTED, TIMESTAMP, NOW), "does not match");
        assertRefused(() -> HubSpotSignature.verify(List.of("hs-secret"), "POST", URI, "[]".getBytes(), EXPECTED,
                TIMESTAMP, false, NOW, TOLERANCE), "does not match");
        assertRefused(() -> verify(List.of("hs-secret"), "not base64!", TIMESTAMP, NOW), "does not match");
    }

    @Test
    void given_a_timestamp_older_than_the_window_then_refused_even_if_correctly_signed() {
        assertRefused(() -> verify(List.of("hs-secret"), EXPECTED, TIMESTAMP, NOW.plus(Duration.ofMinutes(6))),
                "outside the accepted window");
    }

    @Test
    void given_a_timestamp_too_far_in_the_future_then_refused() {
        assertRefused(() -> verify(List.of("hs-secret"), EXPECTED, TIMESTAMP, NOW.minus(Duration.ofMinutes(6))),
                "outside the accepted window");
    }

    @Test
    void given_only_a_v1_or_v2_signature_then_refused_without_downgrade() {
        assertThatThrownBy(() -> HubSpotSignature.verify(List.of("hs-secret"), "POST", URI, BODY, null, null, true,
                NOW, TOLERANCE))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.getMessage()).contains("only HubSpot signature v3");
                });
    }

    @Test
    void given_missing_or_non_numeric_timestamp_then_refused() {
        assertRefused(() -> verify(List.of("hs-secret"), EXPECTED, null, NOW), "timestamp is missing");
        assertRefused(() -> verify(List.of("hs-secret"), EXPECTED, "yesterday", NOW), "epoch milliseconds");
    }

    @Test
    void decodes_the_escapes_hubspot_decodes_and_keeps_the_others() {
        assertThat(HubSpotSignature.canonicalUri("https://h/webhooks/hubspot?a=b%3Ac%2Fd%40e%2ce&f=%20g"))
                .isEqualTo("https://h/webhooks/hubspot?a=b:c/d@e,e&f=%20g");
    }

    @Test
    void the_problem_never_repeats_the_signature() {
        assertThatThrownBy(() -> verify(List.of("other"), EXPECTED, TIMESTAMP, NOW))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getMessage()).doesNotContain(EXPECTED);
                    assertThat(e.errors()).allSatisfy(err -> assertThat(err.detail()).doesNotContain(EXPECTED));
                });
    }

    private static void verify(List<String> secrets, String signature, String timestamp, Instant now) {
        HubSpotSignature.verify(secrets, "POST", URI, BODY, signature, timestamp, false, now, TOLERANCE);
    }

    static void assertRefused(Runnable check, String detail) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).contains(detail);
        });
    }
}
