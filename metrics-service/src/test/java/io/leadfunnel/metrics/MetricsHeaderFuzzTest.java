package io.leadfunnel.metrics;

import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.fuzz.HeaderFuzz;
import io.leadfunnel.testing.fuzz.RawHttp.Header;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

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
                () -> get("/funnel?bucket=week", reader, "application/json", fuzzed),
                () -> get("/funnel/velocity", reader, "text/csv", fuzzed),
                () -> get("/funnel/drop-off", reader, "application/json", fuzzed),
                () -> get("/funnel/sla", reader, "text/csv", fuzzed),
                () -> get("/funnel/revenue", reader, "application/json", fuzzed),
                () -> get("/", reader, "text/html", fuzzed));

        HeaderFuzz.Outcome outcome = HeaderFuzz.run("metrics API and page", api.toString(), INPUTS, requests);

        assertThat(outcome.serverErrors()).as("server errors (seed " + outcome.seed() + ")").isEmpty();
        assertThat(outcome.statuses().keySet()).as("the fuzz reached the reports past authentication")
                .anyMatch(status -> status == 200);
    }

    private static HeaderFuzz.Request get(String path, String token, String accept, List<String> fuzzed) {
        return new HeaderFuzz.Request("GET", path, List.of(Header.of("Authorization", "Bearer " + token),
                Header.of("Accept", accept)), null, fuzzed);
    }
}
