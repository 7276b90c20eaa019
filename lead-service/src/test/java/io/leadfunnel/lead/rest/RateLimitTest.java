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

import static io.leadfunnel.lead.LeadServiceTestProfile.ADDRESS_BURST;
import static io.leadfunnel.lead.LeadServiceTestProfile.FORGING_ADDRESS;
import static io.leadfunnel.lead.LeadServiceTestProfile.LIMITED_BURST;
import static io.leadfunnel.lead.LeadServiceTestProfile.LIMITED_USER;
import static io.leadfunnel.lead.LeadServiceTestProfile.VALID_SENDER_ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.matchesPattern;

/**
 * A client over its rate limit gets 429 with {@code Retry-After}; other clients are not affected. An API client is its
 * authenticated token subject; requests whose token does not verify are limited per client address. The test profile
 * gives one user a burst of 3 and a refill of one request per 10 s, and the simulated client addresses (sent as
 * {@code X-Forwarded-For} through the trusted loopback proxy) a burst of {@value LeadServiceTestProfile#ADDRESS_BURST}
 * failed authentications. The webhooks' limits: {@code webhook/WebhookRateLimitTest}.
 */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class RateLimitTest {

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

    @Test
    void aFloodOfForgedBearerSubjectsFromOneAddressIsThrottled() {
        List<Integer> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // a new subject every time, in a token the service cannot verify
            Response answer = RestAssured.given().header("X-Forwarded-For", FORGING_ADDRESS)
                    .header("Authorization", TestTokens.bearer(TestTokens.signedByOtherKey("forged-" + i, Roles.ADMIN)))
                    .get("/leads?limit=1");
            answers.add(answer.statusCode());
            if (answer.statusCode() == 429) {
                assertThat(answer.contentType()).startsWith(Api.PROBLEM_JSON);
                assertThat(answer.header("Retry-After")).matches("[1-9][0-9]*");
                assertThat(answer.jsonPath().getString("type"))
                        .isEqualTo("https://leadfunnel.io/problems/rate-limited");
            }
        }
        assertThat(answers.subList(0, ADDRESS_BURST)).containsOnly(401);
        assertThat(answers.get(ADDRESS_BURST)).isEqualTo(429);
        assertThat(Collections.frequency(answers, 429)).isGreaterThanOrEqualTo(12);

        // while it is over its limit the address gets no token verified, a valid one included
        RestAssured.given().header("X-Forwarded-For", FORGING_ADDRESS)
                .header("Authorization", TestTokens.bearer(TestTokens.forRole("ada", Roles.SALES_OPS)))
                .get("/leads?limit=1").then().statusCode(429);
        // other addresses are served
        RestAssured.given().header("X-Forwarded-For", VALID_SENDER_ADDRESS)
                .header("Authorization", TestTokens.bearer(TestTokens.forRole("ada", Roles.SALES_OPS)))
                .get("/leads?limit=1").then().statusCode(200);
        Api.salesOps().get("/leads?limit=1").then().statusCode(200);
    }
}
