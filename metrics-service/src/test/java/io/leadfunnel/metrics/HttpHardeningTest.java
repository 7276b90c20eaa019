package io.leadfunnel.metrics;

import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.kits.HttpHardening;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** Rate limit per client (429 with Retry-After), CORS closed, and the funnel page's security headers. */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class HttpHardeningTest {

    @Test
    void a_client_over_its_limit_gets_429_with_retry_after_while_another_client_is_served() {
        HttpHardening.assertRateLimitedPerClient("metrics-reader", request -> request.get("/funnel/revenue"));
        given().auth().oauth2(TestTokens.forRole("someone-else", "metrics-reader")).get("/funnel/revenue")
                .then().statusCode(200);
    }

    @Test
    void the_funnel_page_sends_security_headers_and_is_not_cached() {
        given().auth().oauth2(TestTokens.forRole("wall-display", "metrics-reader")).get("/").then().statusCode(200)
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
        HttpHardening.assertCorsClosed("metrics-reader", "/funnel", "GET");
        // the funnel page: nothing for another origin either
        given().auth().oauth2(TestTokens.forRole("wall-display", "metrics-reader"))
                .header("Origin", "https://evil.example").get("/").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
