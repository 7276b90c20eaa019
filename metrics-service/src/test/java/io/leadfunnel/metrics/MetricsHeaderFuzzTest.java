package io.leadfunnel.metrics;

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
 * Seeded fuzzing of the headers of metrics-service's reports and funnel page over a plain socket (seed printed;
 * {@code -Dfuzz.seed=N} replays it): authorization values, accepted types (JSON, CSV, HTML and nonsense), cookies and
 * content types of any form, sent twice, under other spellings or left out. No answer may be 500 or more.
 */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class MetricsHeaderFuzzTest {

    static final int INPUTS = 10_000;

    @TestHTTPResource("/")
    URL api;

    @Test
    void no_header_value_gets_a_server_error() {
        String reader = TestTokens.forRole("fuzz-reader", "metrics-reader");
        List<String> fuzzed = List.of("Authorization", "Accept", "Content-Type", "Cookie");
        List<Supplier<HeaderFuzz.Request>> requests = List.of(
                () -> HeaderFuzz.Request.get("/funnel?bucket=week", reader, "application/json", fuzzed),
                () -> HeaderFuzz.Request.get("/funnel/velocity", reader, "text/csv", fuzzed),
                () -> HeaderFuzz.Request.get("/funnel/drop-off", reader, "application/json", fuzzed),
                () -> HeaderFuzz.Request.get("/funnel/sla", reader, "text/csv", fuzzed),
                () -> HeaderFuzz.Request.get("/funnel/revenue", reader, "application/json", fuzzed),
                () -> HeaderFuzz.Request.get("/", reader, "text/html", fuzzed));

        HeaderFuzz.run("metrics API and page", api.toString(), INPUTS, requests).assertNoServerErrors();
    }
}
