package io.leadfunnel.handoff;

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
 * Seeded fuzzing of the headers of handoff-service's API over a plain socket (seed printed; {@code -Dfuzz.seed=N}
 * replays it): authorization values, content types and accepted types of any form, sent twice, under other spellings
 * or left out. No answer may be 500 or more. The bodies are well-formed and change nothing (a definition that
 * fails validation, actions on a lead the service does not know), so the inputs test the headers only.
 */
@QuarkusTest
@TestProfile(HandoffTestProfile.class)
class HandoffHeaderFuzzTest {

    static final int INPUTS = 10_000;
    private static final String JSON = "application/json";

    @TestHTTPResource("/")
    URL api;

    @Test
    void no_header_value_gets_a_server_error() {
        String ops = TestTokens.forRole("fuzz-ops", "sales-ops");
        String rep = TestTokens.forRole("fuzz-rep", "sales");
        List<String> fuzzed = List.of("Authorization", "Accept", "Content-Type");
        List<Supplier<HeaderFuzz.Request>> requests = List.of(
                () -> HeaderFuzz.Request.get("/definitions/active", ops, JSON, fuzzed),
                () -> HeaderFuzz.Request.get("/definitions", ops, JSON, fuzzed),
                () -> HeaderFuzz.Request.get("/handoffs/overdue", ops, JSON, fuzzed),
                () -> HeaderFuzz.Request.get("/leads/fuzz-unknown-lead/lifecycle", rep, JSON, fuzzed),
                () -> HeaderFuzz.Request.json("POST", "/definitions", ops, "{\"criteria\":[]}", fuzzed),
                () -> HeaderFuzz.Request.json("POST", "/leads/fuzz-unknown-lead/reject", rep,
                        "{\"reason\":\"NOT_A_FIT\"}", fuzzed),
                () -> HeaderFuzz.Request.json("POST", "/leads/fuzz-unknown-lead/accept", rep, null, fuzzed));

        HeaderFuzz.run("handoff API", api.toString(), INPUTS, requests).assertNoServerErrors();
    }
}
