package io.leadfunnel.scoring;

import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.fuzz.HeaderFuzz;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.function.Supplier;

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
                () -> HeaderFuzz.Request.get("/models/active", reader, "application/json", fuzzed),
                () -> HeaderFuzz.Request.get("/models/1/rescoring", reader, "application/json", fuzzed),
                () -> HeaderFuzz.Request.get("/scores/fuzz-lead-1", reader, "application/json", fuzzed),
                () -> HeaderFuzz.Request.json("POST", "/models", marketer, "{\"name\":\"\",\"fitRules\":[]}", fuzzed));

        HeaderFuzz.run("scoring API", api.toString(), INPUTS, requests).assertNoServerErrors();
    }
}
