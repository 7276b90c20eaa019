package io.leadfunnel.metrics;

import io.leadfunnel.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * Rate limit per client (429 with Retry-After), CORS closed, and the funnel page's security headers. The rate-limit
 * test uses the client {@code rate-limit-probe}, which alone has a tiny bucket in the test configuration.
 */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class HttpHardeningTest {

    @Test
    void a_client_over_its_limit_gets_429_with_retry_after_while_another_client_is_served() {
        String probe = TestTokens.forRole("rate-limit-probe", "metrics-reader");
        int served = 0;
        Response refused = null;
        for (int i = 0; i < 10 && refused == null; i++) {
            Response answer = given().auth().oauth2(probe).get("/funnel/revenue");
            if (answer.statusCode() == 429) {
                refused = answer;
            } else {
                served++;
            }
        }
        assertThat(refused).as("429 within 10 requests").isNotNull();
        assertThat(served).isGreaterThanOrEqualTo(3);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.header("Retry-After")).matches("[1-9][0-9]*");
        assertThat(refused.jsonPath().getString("type")).isEqualTo("https://leadfunnel.io/problems/rate-limited");
        given().auth().oauth2(TestTokens.forRole("someone-else", "metrics-reader")).get("/funnel/revenue")
                .then().statusCode(200);
    }

    @Test
    void the_funnel_page_sends_security_headers_and_is_not_cached() {
        given().get("/").then().statusCode(200)
                .header("Content-Security-Policy", allOf(containsString("script-src 'self'"),
                        containsString("frame-ancestors 'none'"), containsString("default-src 'none'"),
                        not(containsString("unsafe-eval"))))
                .header("Content-Security-Policy", not(containsString("script-src 'self' 'unsafe-inline'")))
                .header("X-Content-Type-Options", is("nosniff"))
                .header("X-Frame-Options", is("DENY"))
                .header("Referrer-Policy", is("no-referrer"))
                .header("Cache-Control", containsString("no-store"))
                .body(not(containsString("<script>")));
    }

    @Test
    void cross_origin_requests_and_preflights_get_no_access_control_allow_origin() {
        given().auth().oauth2(TestTokens.forRole("cors", "metrics-reader")).header("Origin", "https://evil.example")
                .get("/funnel").then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://evil.example").get("/").then()
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .options("/funnel").then().header("Access-Control-Allow-Origin", nullValue())
                .header("Access-Control-Allow-Credentials", nullValue());
    }
}
