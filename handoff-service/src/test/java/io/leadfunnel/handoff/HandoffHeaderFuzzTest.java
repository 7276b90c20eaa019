package io.leadfunnel.handoff;

import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.fuzz.HeaderFuzz;
import io.leadfunnel.testing.fuzz.RawHttp.Header;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded fuzzing of the headers of handoff-service's API over a plain socket (seed printed; {@code -Dfuzz.seed=N}
 * replays it): authorization values, content types and accepted types of any form, sent twice, under other spellings
 * or left out. No answer may be 500 or more. The bodies are well-formed and change nothing (a definition that
 * fails validation, actions on a lead the service does not know), so the inputs test the headers only.
 */
@QuarkusTest
@TestProfile(HandoffTestProfile.class)
class HandoffHeaderFuzzTest {

    static final int INPUTS = 10_000;

    @TestHTTPResource("/")
    URL api;

    @Test
    void no_header_value_gets_a_server_error() {
        String ops = TestTokens.forRole("fuzz-ops", "sales-ops");
        String rep = TestTokens.forRole("fuzz-rep", "sales");
        List<String> fuzzed = List.of("Authorization", "Accept", "Content-Type");
        List<Supplier<HeaderFuzz.Request>> requests = List.of(
                () -> get("/definitions/active", ops, fuzzed),
                () -> get("/definitions", ops, fuzzed),
                () -> get("/handoffs/overdue", ops, fuzzed),
                () -> get("/leads/fuzz-unknown-lead/lifecycle", rep, fuzzed),
                () -> post("/definitions", ops, "{\"criteria\":[]}", fuzzed),
                () -> post("/leads/fuzz-unknown-lead/reject", rep, "{\"reason\":\"NOT_A_FIT\"}", fuzzed),
                () -> post("/leads/fuzz-unknown-lead/accept", rep, null, fuzzed));

        HeaderFuzz.Outcome outcome = HeaderFuzz.run("handoff API", api.toString(), INPUTS, requests);

        assertThat(outcome.serverErrors()).as("server errors (seed " + outcome.seed() + ")").isEmpty();
        assertThat(outcome.statuses().keySet()).as("the fuzz reached the endpoints past authentication")
                .anyMatch(status -> status == 200);
    }

    private static HeaderFuzz.Request get(String path, String token, List<String> fuzzed) {
        return new HeaderFuzz.Request("GET", path, List.of(Header.of("Authorization", "Bearer " + token),
                Header.of("Accept", "application/json")), null, fuzzed);
    }

    private static HeaderFuzz.Request post(String path, String token, String body, List<String> fuzzed) {
        return new HeaderFuzz.Request("POST", path, List.of(Header.of("Authorization", "Bearer " + token),
                Header.of("Content-Type", "application/json"), Header.of("Accept", "application/json")),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), fuzzed);
    }
}
