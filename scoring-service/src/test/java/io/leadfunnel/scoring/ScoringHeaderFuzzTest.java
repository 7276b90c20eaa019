package io.leadfunnel.scoring;

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
 * Seeded fuzzing of the headers of scoring-service's API over a plain socket (seed printed; {@code -Dfuzz.seed=N}
 * replays it): authorization values, content types and accepted types of any form, sent twice, under other spellings
 * or left out. No answer may be 500 or more. The bodies are well-formed and change nothing (a model that fails
 * validation), so the inputs test the headers only.
 */
@QuarkusTest
@TestProfile(ScoringTestProfile.class)
class ScoringHeaderFuzzTest {

    static final int INPUTS = 10_000;

    @TestHTTPResource("/")
    URL api;

    @Test
    void no_header_value_gets_a_server_error() {
        String reader = TestTokens.forRole("fuzz-reader", "sales");
        String marketer = TestTokens.forRole("fuzz-marketer", "marketing");
        List<String> fuzzed = List.of("Authorization", "Accept", "Content-Type");
        List<Supplier<HeaderFuzz.Request>> requests = List.of(
                () -> get("/models/active", reader, fuzzed),
                () -> get("/models/1/rescoring", reader, fuzzed),
                () -> get("/scores/fuzz-lead-1", reader, fuzzed),
                () -> new HeaderFuzz.Request("POST", "/models", List.of(
                        Header.of("Authorization", "Bearer " + marketer),
                        Header.of("Content-Type", "application/json"),
                        Header.of("Accept", "application/json")),
                        "{\"name\":\"\",\"fitRules\":[]}".getBytes(StandardCharsets.UTF_8), fuzzed));

        HeaderFuzz.Outcome outcome = HeaderFuzz.run("scoring API", api.toString(), INPUTS, requests);

        assertThat(outcome.serverErrors()).as("server errors (seed " + outcome.seed() + ")").isEmpty();
        assertThat(outcome.statuses().keySet()).as("the fuzz reached the endpoints past authentication")
                .anyMatch(status -> status == 200);
    }

    private static HeaderFuzz.Request get(String path, String token, List<String> fuzzed) {
        return new HeaderFuzz.Request("GET", path, List.of(Header.of("Authorization", "Bearer " + token),
                Header.of("Accept", "application/json")), null, fuzzed);
    }
}
