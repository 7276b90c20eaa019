package io.leadfunnel.handoff;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;

/**
 * MongoDB taken away: every endpoint answers 503 problem+json with Retry-After (never a 4xx or 500), readiness goes
 * DOWN; MongoDB back: both recover by themselves.
 */
@QuarkusTest
@TestProfile(HandoffTestProfile.class)
class MongoOutageTest {

    private static final String TOKEN = TestTokens.forRole("outage-ops", "sales-ops", "admin");
    /** Approvals are marketing's and sales' alone. */
    private static final String SALES = TestTokens.forRole("outage-sales", "sales");

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
    void while_mongodb_is_down_every_endpoint_is_503_with_retry_after_and_readiness_is_down_then_both_recover()
            throws Exception {
        Map<String, Object> active = call("GET", "/definitions/active", null).then().statusCode(200).extract()
                .jsonPath().getMap("");
        Map<String, Object> content = new HashMap<>();
        for (String part : List.of("mql", "sql", "sla", "recycling")) {
            content.put(part, active.get(part));
        }
        String definition = new ObjectMapper().writeValueAsString(content);
        String[][] endpoints = {
                {"GET", "/definitions", null}, {"GET", "/definitions/active", null},
                {"GET", "/definitions/1", null}, {"PUT", "/definitions/1", definition},
                {"POST", "/definitions", definition},
                {"POST", "/definitions/1/activate", null}, {"GET", "/definitions/1/diff/2", null},
                {"GET", "/leads/some-lead/lifecycle", null}, {"POST", "/leads/some-lead/accept", null},
                {"POST", "/leads/some-lead/reject", "{\"reason\":\"NOT_A_FIT\"}"},
                {"POST", "/leads/some-lead/qualify", "{\"checklist\":{}}"},
                {"POST", "/leads/some-lead/close", "{\"outcome\":\"LOST\",\"reason\":\"r\"}"},
                {"POST", "/leads/some-lead/reassign", "{\"owner\":\"someone\"}"},
                {"GET", "/handoffs", null}, {"GET", "/handoffs/overdue", null}, {"GET", "/routing", null},
                {"PUT", "/routing", "{\"fallbackQueue\":\"inbound\"}"}, {"GET", "/reps", null},
                {"PUT", "/reps/someone", "{\"team\":\"t\"}"}, {"DELETE", "/reps/someone", null}};
        Map<String, Supplier<Response>> calls = new LinkedHashMap<>();
        for (String[] endpoint : endpoints) {
            calls.put(endpoint[0] + " " + endpoint[1], () -> call(endpoint[0], endpoint[1], endpoint[2]));
        }
        calls.put("POST /definitions/1/approvals", () -> given().auth().oauth2(SALES).contentType(ContentType.JSON)
                .body("{\"side\":\"SALES\"}").post("/definitions/1/approvals"));

        MongoOutage.check(infra, readiness, calls, () -> call("GET", "/definitions", null).then().statusCode(200));

        call("GET", "/leads/some-lead/lifecycle", null).then().statusCode(404);
    }
}
