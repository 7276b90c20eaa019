package io.leadfunnel.scoring;

import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.kits.MongoOutage;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;

/**
 * MongoDB taken away: every endpoint answers 503 problem+json with Retry-After (never a 4xx or 500), readiness goes
 * DOWN; MongoDB back: both recover by themselves.
 */
@QuarkusTest
@TestProfile(ScoringTestProfile.class)
class MongoOutageTest {

    private static final String TOKEN = TestTokens.forRole("outage-marketer", "marketing");

    @InjectFunnelInfrastructure
    FunnelInfrastructure infra;

    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;

    private static Response call(String method, String path, String body) {
        var request = given().auth().oauth2(TOKEN);
        if (body != null) {
            request.contentType(ContentType.JSON).body(body);
        }
        return request.request(method, path);
    }

    @Test
    void while_mongodb_is_down_every_endpoint_is_503_with_retry_after_and_readiness_is_down_then_both_recover() {
        String model = ModelBodies.json(ModelBodies.defaultModel());
        call("GET", "/models", null).then().statusCode(200);
        String[][] endpoints = {
                {"GET", "/models", null}, {"GET", "/models/active", null}, {"GET", "/models/1", null},
                {"POST", "/models", model}, {"POST", "/models/1/preview", null},
                {"POST", "/models/1/activate", null}, {"GET", "/models/1/rescoring", null},
                {"GET", "/scores/some-lead", null}};
        Map<String, Supplier<Response>> calls = new LinkedHashMap<>();
        for (String[] endpoint : endpoints) {
            calls.put(endpoint[0] + " " + endpoint[1], () -> call(endpoint[0], endpoint[1], endpoint[2]));
        }

        MongoOutage.check(infra, readiness, calls, () -> call("GET", "/models", null).then().statusCode(200));

        call("GET", "/scores/some-lead", null).then().statusCode(404);
    }
}
