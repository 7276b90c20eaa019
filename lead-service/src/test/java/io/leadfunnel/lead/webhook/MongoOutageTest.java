package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.kits.MongoOutage;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static io.leadfunnel.lead.webhook.WebhookClient.generic;
import static io.leadfunnel.lead.webhook.WebhookClient.hubspot;
import static io.leadfunnel.lead.webhook.WebhookClient.salesforce;
import static io.leadfunnel.lead.webhook.WebhookClient.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MongoDB goes away: every endpoint, webhooks included, answers 503 with {@code Retry-After} (never a 4xx a CRM would
 * not retry, never a 500), readiness goes DOWN, and both come back by themselves when MongoDB returns. The broker goes
 * away: readiness stays UP (the outbox keeps webhooks working) and only the {@code broker} health group is DOWN.
 */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class MongoOutageTest {

    private static final String ABSENT = "65f00000000000000000abcd";

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;

    @TestHTTPResource(value = "/health/group/broker", management = true)
    URL brokerGroup;

    @Test
    void everyEndpointAnswers503WithRetryAfterWhileMongoIsDownAndRecoversByItself() {
        String existing = created();
        Map<String, Supplier<Response>> calls = new LinkedHashMap<>();
        calls.put("generic webhook", () -> generic(genericBody("down-" + uniqueId())));
        long contact = uniqueId();
        calls.put("hubspot webhook", () -> hubspot(WebhookSamples.array(List.of(
                WebhookSamples.hubspotCreation(uniqueId(), contact, Instant.now().toEpochMilli())))));
        calls.put("salesforce webhook", () -> salesforce(WebhookSamples.salesforce(WebhookSamples.ORG_ID,
                Map.of("04l5e00000DOWN" + (uniqueId() % 10000), Map.of("Id", "00Q5e0000DOWN" + (uniqueId() % 100000),
                        "Email", "sf-down-" + uniqueId() + "@acme.example")))));
        calls.put("POST /leads", () -> api().contentType("application/json")
                .body("{\"email\":\"down-" + uniqueId() + "@acme.example\",\"source\":\"WEB\"}").post("/leads"));
        calls.put("GET /leads", () -> api().get("/leads"));
        calls.put("GET /leads/{id}", () -> api().get("/leads/" + existing));
        calls.put("PATCH /leads/{id}", () -> api().contentType("application/merge-patch+json")
                .body("{\"title\":\"CTO\"}").patch("/leads/" + existing));
        calls.put("POST /leads/{id}/activities", () -> api().contentType("application/json")
                .body("{\"type\":\"CALL\",\"occurredAt\":\"" + Instant.now().minusSeconds(5) + "\"}")
                .post("/leads/" + existing + "/activities"));
        calls.put("DELETE /leads/{id}", () -> api().delete("/leads/" + ABSENT));
        // besides the shared 503 checks: the problem type, and an answer fast enough for a sender to retry
        Map<String, Response> answers = new ConcurrentHashMap<>();
        Map<String, Supplier<Response>> recorded = new LinkedHashMap<>();
        calls.forEach((name, call) -> recorded.put(name, () -> {
            Response answer = call.get();
            answers.put(name, answer);
            return answer;
        }));

        MongoOutage.check(infrastructure, readiness, recorded, () ->
                generic(genericBody("back-" + uniqueId())).then().statusCode(200));

        assertThat(answers).hasSameSizeAs(calls);
        answers.forEach((name, answer) -> {
            assertThat(answer.jsonPath().getString("type")).as(name)
                    .isEqualTo("https://leadfunnel.io/problems/temporarily-unavailable");
            assertThat(answer.time()).as(name + " answers fast").isLessThan(10_000);
        });
        api().get("/leads/" + existing).then().statusCode(200);
    }

    @Test
    void readinessStaysUpWhileTheBrokerIsDownAndTheBrokerGroupReportsIt() {
        // a relay pass that met the previous test's MongoDB outage retries on its back-off first
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                RestAssured.given().get(brokerGroup).then().statusCode(200));
        infrastructure.stopKafka();
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    RestAssured.given().get(brokerGroup).then().statusCode(503));
            RestAssured.given().get(readiness).then().statusCode(200);
            generic(genericBody("nobroker-" + uniqueId())).then().statusCode(200);
        } finally {
            infrastructure.startKafka();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                RestAssured.given().get(brokerGroup).then().statusCode(200));
    }

    private static String created() {
        return generic(genericBody("outage-" + uniqueId())).then().statusCode(200).extract().jsonPath()
                .getString("leads[0]");
    }

    private static String genericBody(String id) {
        return "{\"externalId\":\"" + id + "\",\"email\":\"" + id + "@acme.example\",\"source\":\"webinar\"}";
    }

    private static RequestSpecification api() {
        return RestAssured.given().header("Authorization",
                TestTokens.bearer(TestTokens.forRole("ada", "sales-ops")));
    }
}
