package io.leadfunnel.lead.rest;

import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.kits.HttpHardening;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.leadfunnel.lead.LeadServiceTestProfile.LIMITED_BURST;
import static io.leadfunnel.lead.LeadServiceTestProfile.LIMITED_SOURCE;
import static io.leadfunnel.lead.LeadServiceTestProfile.LIMITED_USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

/**
 * A client over its rate limit gets 429 with {@code Retry-After}; other clients are not affected. A webhook source is
 * limited before its signature is even looked at; an API client is its authenticated token subject. The test profile
 * gives one source and one user a burst of 3 and a refill of one request per 10 s.
 */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class RateLimitTest {

    @Test
    void aWebhookSourceOverItsLimitGets429BeforeTheSignatureIsChecked() {
        for (int i = 0; i < LIMITED_BURST; i++) {
            // unsigned: within the limit the signature check refuses it
            RestAssured.given().contentType("application/json").body("{}").post("/webhooks/" + LIMITED_SOURCE)
                    .then().statusCode(401);
        }
        RestAssured.given().contentType("application/json").body("{}").post("/webhooks/" + LIMITED_SOURCE)
                .then().statusCode(429)
                .contentType(Api.PROBLEM_JSON)
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("type", equalTo("https://leadfunnel.io/problems/rate-limited"))
                .body("status", equalTo(429));
        // another source is not affected
        RestAssured.given().contentType("application/json").body("{}")
                .post("/webhooks/" + LeadServiceTestProfile.SOURCE).then().statusCode(401);
    }

    @Test
    void anApiClientOverItsLimitGets429AndOtherClientsCarryOn() {
        List<Integer> answers = new CopyOnWriteArrayList<>();
        HttpHardening.assertRateLimitedPerClient(Roles.SALES_OPS, request -> {
            Response answer = request.get("/leads?limit=1");
            answers.add(answer.statusCode());
            return answer;
        });
        // the limited client was served exactly its burst, each request in full, and then refused
        List<Integer> burstThenRefused = new ArrayList<>(Collections.nCopies(LIMITED_BURST, 200));
        burstThenRefused.add(429);
        assertThat(answers).startsWith(burstThenRefused.toArray(Integer[]::new));

        String token = TestTokens.bearer(TestTokens.forRole(LIMITED_USER, Roles.SALES_OPS));
        // the client stays limited until its bucket refills
        RestAssured.given().header("Authorization", token).get("/leads?limit=1")
                .then().statusCode(429)
                .header("Retry-After", matchesPattern("[1-9][0-9]*"));
        // a token naming the same subject that does not verify is not that client: authentication refuses it
        RestAssured.given().header("Authorization", TestTokens.bearer(TestTokens.expired(LIMITED_USER, Roles.ADMIN)))
                .get("/leads?limit=1").then().statusCode(401);
        // another client is still served
        Api.salesOps().get("/leads?limit=1").then().statusCode(200);
    }
}
