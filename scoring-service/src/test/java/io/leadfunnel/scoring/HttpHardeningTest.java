package io.leadfunnel.scoring;

import io.leadfunnel.testing.OversizedRequests;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.kits.HttpHardening;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

/** Rate limit per client (429 with Retry-After), oversized bodies (413), CORS closed, server-owned model fields. */
@QuarkusTest
@TestProfile(ScoringTestProfile.class)
class HttpHardeningTest {

    @Test
    void a_client_over_its_limit_gets_429_with_retry_after_while_another_client_is_served() {
        HttpHardening.assertRateLimitedPerClient("marketing", request -> request.get("/models/active"));
        given().auth().oauth2(TestTokens.forRole("someone-else", "marketing")).get("/models/active")
                .then().statusCode(200);
    }

    @Test
    void a_body_over_one_mebibyte_is_refused_with_413() {
        String huge = "{\"description\":\"" + "x".repeat(1_100_000) + "\"}";
        assertThat(OversizedRequests.postJson(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/models"),
                TestTokens.forRole("big-sender", "marketing"), huge)).isEqualTo(413);
    }

    @Test
    void cross_origin_requests_and_preflights_get_no_access_control_allow_origin() {
        HttpHardening.assertCorsClosed("marketing", "/models", "POST");
        HttpHardening.assertCorsClosed("marketing", "/models/active", "GET");
    }

    @Test
    void a_model_request_cannot_choose_its_version_nor_make_itself_active() {
        String token = TestTokens.forRole("smuggler", "marketing");
        int active = given().auth().oauth2(token).get("/models/active").jsonPath().getInt("version");
        Map<String, Object> body = ModelBodies.defaultModel();
        body.put("version", active);
        body.put("status", "ACTIVE");
        body.put("activatedAt", "2026-01-01T00:00:00Z");
        body.put("_id", active);
        body.put("$set", Map.of("active", true));
        int created = given().auth().oauth2(token).contentType(ContentType.JSON).body(ModelBodies.json(body))
                .post("/models").then().statusCode(201).body("status", is("DRAFT")).extract().jsonPath()
                .getInt("version");
        assertThat(created).isNotEqualTo(active);
        given().auth().oauth2(token).get("/models/active").then().body("version", is(active));
    }
}
