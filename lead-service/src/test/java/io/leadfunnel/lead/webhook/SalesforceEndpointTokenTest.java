package io.leadfunnel.lead.webhook;

import io.leadfunnel.runtime.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SalesforceEndpointTokenTest {

    private static final String CURRENT = "c".repeat(20) + "0123456789abcdef";
    private static final String PREVIOUS = "p".repeat(20) + "0123456789abcdef";

    private final SalesforceEndpointToken token = new SalesforceEndpointToken(List.of(CURRENT, PREVIOUS));

    @Test
    void the_current_and_the_previous_token_pass() {
        assertThatCode(() -> token.verify(List.of(CURRENT))).doesNotThrowAnyException();
        assertThatCode(() -> token.verify(List.of(PREVIOUS))).doesNotThrowAnyException();
    }

    @Test
    void no_token_a_wrong_token_and_two_tokens_are_401_naming_the_parameter_not_the_value() {
        for (List<String> given : List.of(List.<String>of(), List.of(""), List.of(CURRENT + "x"),
                List.of(CURRENT.substring(1)), List.of(CURRENT.toUpperCase()), List.of(CURRENT, PREVIOUS))) {
            assertThatThrownBy(() -> token.verify(given)).as("%s", given)
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e.errors()).singleElement()
                                .satisfies(error -> assertThat(error.field()).isEqualTo("token"));
                        assertThat(e.getMessage()).doesNotContain(CURRENT).doesNotContain(PREVIOUS);
                    });
        }
        assertThatThrownBy(() -> token.verify(null)).isInstanceOf(ProblemException.class);
    }

    @Test
    void without_a_configured_token_the_webhook_is_not_configured() {
        assertThat(new SalesforceEndpointToken(List.of()).configured()).isFalse();
        assertThat(token.configured()).isTrue();
    }

    @Test
    void a_short_or_not_url_safe_token_stops_the_service() {
        for (String bad : List.of("short-token", "x".repeat(31), "x".repeat(40) + "/+=", "x".repeat(40) + " ",
                "x".repeat(40) + "é")) {
            assertThatThrownBy(() -> new SalesforceEndpointToken(List.of(CURRENT, bad))).as(bad)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageNotContaining(bad.trim());
        }
        assertThatCode(() -> new SalesforceEndpointToken(List.of("A-z_0.9~".repeat(4)))).doesNotThrowAnyException();
    }
}
