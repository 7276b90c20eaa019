package io.leadfunnel.testing.kits;

import io.leadfunnel.testing.TestTokens;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

/**
 * The HTTP hardening every service shares: per-client rate limits and closed CORS. The rate-limit check uses the
 * client {@value #RATE_LIMIT_PROBE}, which alone has a tiny bucket in the services' test configuration
 * ({@code %test.funnel.rate-limit.api.clients.rate-limit-probe.*}). Oversized bodies: {@link
 * io.leadfunnel.testing.OversizedRequests}.
 */
public final class HttpHardening {

    /** The token subject with a tiny rate limit in the test configuration. */
    public static final String RATE_LIMIT_PROBE = "rate-limit-probe";

    private HttpHardening() {
    }

    /**
     * The probe client, sending {@code call} as {@code role}, is refused with 429 problem and {@code Retry-After}
     * within ten requests after at least three were served, while another client is still served.
     */
    public static void assertRateLimitedPerClient(String role, Function<RequestSpecification, Response> call) {
        String probe = TestTokens.forRole(RATE_LIMIT_PROBE, role);
        int served = 0;
        Response refused = null;
        for (int i = 0; i < 10 && refused == null; i++) {
            Response answer = call.apply(given().auth().oauth2(probe));
            if (answer.statusCode() == 429) {
                refused = answer;
            } else {
                assertThat(answer.statusCode()).as("answer before the limit").isLessThan(500);
                served++;
            }
        }
        assertThat(refused).as("429 within 10 requests").isNotNull();
        assertThat(served).isGreaterThanOrEqualTo(3);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.header("Retry-After")).matches("[1-9][0-9]*");
        assertThat(refused.jsonPath().getString("type")).isEqualTo("https://leadfunnel.io/problems/rate-limited");
        int other = call.apply(given().auth().oauth2(TestTokens.forRole("someone-else", role))).statusCode();
        assertThat(other).as("another client").isNotEqualTo(429).isLessThan(500);
    }

    /** A cross-origin request and a preflight to {@code path} get no {@code Access-Control-Allow-Origin}. */
    public static void assertCorsClosed(String role, String path, String preflightMethod) {
        given().auth().oauth2(TestTokens.forRole("cors", role)).header("Origin", "https://evil.example")
                .get(path).then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", preflightMethod)
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options(path).then().header("Access-Control-Allow-Origin", nullValue())
                .header("Access-Control-Allow-Credentials", nullValue());
    }
}
