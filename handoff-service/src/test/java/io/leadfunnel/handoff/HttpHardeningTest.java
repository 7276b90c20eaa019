package io.leadfunnel.handoff;

import io.leadfunnel.testing.OversizedRequests;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.kits.HttpHardening;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

/** Rate limit per client (429 with Retry-After), oversized bodies (413), overlong text (400), CORS closed. */
@QuarkusTest
@TestProfile(HandoffTestProfile.class)
class HttpHardeningTest {

    @Test
    void a_client_over_its_limit_gets_429_with_retry_after_while_another_client_is_served() {
        HttpHardening.assertRateLimitedPerClient("sales-ops", request -> request.get("/definitions/active"));
        given().auth().oauth2(TestTokens.forRole("someone-else", "sales-ops")).get("/definitions/active")
                .then().statusCode(200);
    }

    @Test
    void a_body_over_one_mebibyte_is_refused_with_413() {
        String huge = "{\"note\":\"" + "x".repeat(1_100_000) + "\"}";
        assertThat(OversizedRequests.postJson(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/definitions"),
                TestTokens.forRole("big-sender", "sales-ops"), huge)).isEqualTo(413);
    }

    @Test
    void a_team_name_longer_than_any_team_needs_is_refused_and_nothing_is_stored() {
        String admin = TestTokens.forRole("long-text", "sales-ops");
        String body = "{\"team\":\"" + "t".repeat(20_000) + "\",\"weight\":1,\"available\":true,\"capacity\":5}";
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(body).put("/reps/long-text-rep")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(admin).get("/reps").then().statusCode(200)
                .body("findAll { it.id == 'long-text-rep' }.size()", is(0));
    }

    @Test
    void cross_origin_requests_and_preflights_get_no_access_control_allow_origin() {
        HttpHardening.assertCorsClosed("sales-ops", "/routing", "POST");
        HttpHardening.assertCorsClosed("sales-ops", "/definitions/active", "GET");
    }
}
