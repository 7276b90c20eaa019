package io.leadfunnel.lead.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.leadfunnel.lead.webhook.HubSpotSignatureTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class FunnelSignatureTest {

    private static final byte[] BODY = "{\"email\":\"a@b.io\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.ofEpochSecond(1700000000L);
    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    /** Computed with openssl: hex HMAC-SHA256("gen-secret", "1700000000." + BODY). */
    private static final String EXPECTED = "a3724e104876ae5d7e1c8c11c18e6835389e6aa6b2d90e9d2653de73299003f1";

    @Test
    void signs_timestamp_dot_body() {
        assertThat(FunnelSignature.header("gen-secret", 1700000000L, BODY)).isEqualTo("t=1700000000,v1=" + EXPECTED);
    }

    @Test
    void given_a_correct_signature_then_accepted() {
        assertThatCode(() -> verify(List.of("gen-secret"), "t=1700000000,v1=" + EXPECTED, NOW))
                .doesNotThrowAnyException();
    }

    @Test
    void given_several_v1_values_one_matching_suffices_in_any_position_and_case() {
        String header = "t=1700000000, v1=" + "00".repeat(32) + ", v0=zz, v1=" + EXPECTED.toUpperCase();
        assertThatCode(() -> verify(List.of("gen-secret"), header, NOW)).doesNotThrowAnyException();
    }

    @Test
    void given_a_signature_by_the_previous_secret_then_accepted() {
        assertThatCode(() -> verify(List.of("current", "gen-secret"), "t=1700000000,v1=" + EXPECTED, NOW))
                .doesNotThrowAnyException();
    }

    @Test
    void given_a_wrong_secret_or_tampered_body_then_refused() {
        assertRefused(() -> verify(List.of("current"), "t=1700000000,v1=" + EXPECTED, NOW), "does not match");
        assertRefused(() -> FunnelSignature.verify(List.of("gen-secret"), "t=1700000000,v1=" + EXPECTED,
                "{\"email\":\"x@b.io\"}".getBytes(), NOW, TOLERANCE), "does not match");
        assertRefused(() -> verify(List.of("gen-secret"), "t=1700000001,v1=" + EXPECTED, NOW), "does not match");
    }

    @Test
    void given_a_timestamp_of_any_size_then_refused_as_outside_the_window_not_failed() {
        for (String t : List.of("99999999999999999", "-99999999999999999", String.valueOf(Long.MAX_VALUE),
                String.valueOf(Long.MIN_VALUE), "31556889864403200")) {
            assertRefused(() -> verify(List.of("gen-secret"), "t=" + t + ",v1=" + EXPECTED, NOW),
                    "outside the accepted window");
        }
        assertRefused(() -> verify(List.of("gen-secret"), "t=999999999999999999999999,v1=" + EXPECTED, NOW),
                "not a unix time");
    }

    @Test
    void given_a_stale_or_future_timestamp_then_refused() {
        assertRefused(() -> verify(List.of("gen-secret"), "t=1700000000,v1=" + EXPECTED, NOW.plusSeconds(301)),
                "outside the accepted window");
        assertRefused(() -> verify(List.of("gen-secret"), "t=1700000000,v1=" + EXPECTED, NOW.minusSeconds(301)),
                "outside the accepted window");
    }

    @Test
    void given_a_missing_or_malformed_header_then_refused() {
        assertRefused(() -> verify(List.of("gen-secret"), null, NOW), "not signed");
        assertRefused(() -> verify(List.of("gen-secret"), "v1=" + EXPECTED, NOW), "t=<unix seconds>");
        assertRefused(() -> verify(List.of("gen-secret"), "t=1700000000", NOW), "t=<unix seconds>");
        assertRefused(() -> verify(List.of("gen-secret"), "t=soon,v1=" + EXPECTED, NOW), "unix time");
        assertRefused(() -> verify(List.of("gen-secret"), "t=1700000000,v1=nothex", NOW), "does not match");
    }

    private static void verify(List<String> secrets, String header, Instant now) {
        FunnelSignature.verify(secrets, header, BODY, now, TOLERANCE);
    }
}
