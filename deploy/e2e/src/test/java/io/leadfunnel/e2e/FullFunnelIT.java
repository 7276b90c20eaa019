package io.leadfunnel.e2e;

import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.testing.ProcessStat;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.Stage;
import io.leadfunnel.events.Topics;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.TopicReader;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.leadfunnel.testing.FunnelProcesses.Service.HANDOFF;
import static io.leadfunnel.testing.FunnelProcesses.Service.LEAD;
import static io.leadfunnel.testing.FunnelProcesses.Service.METRICS;
import static io.leadfunnel.testing.FunnelProcesses.Service.SCORING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One lead through the whole funnel, across the four services, only through their public interfaces: a CRM webhook,
 * scoring, the agreed definition making it an MQL, routing, a sales rep accepting, qualifying and winning it; then
 * lead-service shows its stage and score and metrics-service counts it.
 */
@ExtendWith(FunnelExtension.class)
class FullFunnelIT {

    private static final String SALES_OPS = TestTokens.forRole("e2e-ops", "sales-ops");
    private static final String READER = TestTokens.forRole("e2e-dashboard", "metrics-reader");

    @Test
    void webhook_to_score_to_mql_to_hand_off_to_accept_to_qualify_to_won_and_the_metrics_count_it(
            FunnelProcesses funnel) {
        // given a well-fitting lead with strong engagement, from a CRM, in a campaign of its own
        String marker = "full-" + UUID.randomUUID().toString().substring(0, 8);
        String campaign = "e2e-" + marker;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
        String body = """
                {"externalId":"%s","email":"%s@acme-robotics.example","firstName":"Maria","lastName":"Keller",
                 "company":"Acme Robotics","title":"VP Operations","country":"DE","industry":"Manufacturing",
                 "companySize":450,"source":"webinar","campaign":"%s",
                 "activities":[
                   {"activityId":"demo","type":"DEMO_REQUESTED","occurredAt":"%s"},
                   {"activityId":"pricing-1","type":"PRICING_PAGE_VIEW","occurredAt":"%s"},
                   {"activityId":"pricing-2","type":"PRICING_PAGE_VIEW","occurredAt":"%s"},
                   {"activityId":"meeting","type":"MEETING","occurredAt":"%s"}]}"""
                .formatted(marker, marker, campaign, now, now, now, now);

        // when it arrives
        String leadId = Senders.generic(funnel, body).then().statusCode(200).extract().jsonPath()
                .getString("leads[0]");

        // then scoring-service scores it above the agreed threshold
        TopicReader topics = new TopicReader(funnel.kafkaBootstrapServers());
        LeadScored scored = (LeadScored) awaitEvent(topics, Topics.LEAD_SCORES, leadId,
                e -> e instanceof LeadScored s && s.total() >= 60);
        assertThat(scored.grade()).isIn("A", "B");
        api(funnel, SCORING, SALES_OPS).get("/scores/" + leadId).then().statusCode(200);

        // and handoff-service makes it an MQL, judged criterion by criterion, and hands it to an owner
        LeadStageChanged mql = (LeadStageChanged) awaitEvent(topics, Topics.LEAD_LIFECYCLE, leadId,
                e -> e instanceof LeadStageChanged c && c.to() == Stage.MQL);
        assertThat(mql.criteria()).isNotEmpty().allSatisfy(c -> assertThat(c.passed()).isTrue());
        assertThat(mql.definitionVersion()).isNotNull();
        HandoffAssigned handoff = (HandoffAssigned) awaitEvent(topics, Topics.LEAD_LIFECYCLE, leadId,
                e -> e instanceof HandoffAssigned);
        assertThat(handoff.owner()).isNotBlank();

        // when sales accepts, qualifies with the agreed checklist and wins it
        api(funnel, HANDOFF, SALES_OPS).post("/leads/" + leadId + "/accept").then().statusCode(200);
        api(funnel, HANDOFF, SALES_OPS).contentType("application/json")
                .body(Map.of("checklist", Map.of(
                        "BUYING_CENTER", "COO Maria Keller decides; plant managers influence",
                        "BUDGET", "120k EUR approved for 2026",
                        "TIMELINE", "rollout in Q3")))
                .post("/leads/" + leadId + "/qualify").then().statusCode(200);
        api(funnel, HANDOFF, SALES_OPS).contentType("application/json")
                .body(Map.of("outcome", "WON", "amount", 48000, "currency", "EUR"))
                .post("/leads/" + leadId + "/close").then().statusCode(200);

        // then lead-service shows the stage, owner and score other services decided
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath lead = api(funnel, LEAD, SALES_OPS).get("/leads/" + leadId).then().statusCode(200)
                    .extract().jsonPath();
            assertThat(lead.getString("stage")).isEqualTo("WON");
            assertThat(lead.getString("owner")).isNotBlank();
            assertThat(lead.getInt("score.total")).isGreaterThanOrEqualTo(scored.total());
        });

        // and metrics-service counts the lead once at every stage of its campaign
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath funnelFigures = api(funnel, METRICS, READER).queryParam("groupBy", "campaign")
                    .get("/funnel").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> stages = funnelFigures.getList(
                    "groups.find { it.value == '" + campaign + "' }.stages");
            assertThat(stages).isNotNull();
            assertThat(stages).extracting(s -> s.get("stage") + "=" + s.get("reached"))
                    .containsExactly("LEAD=1", "MQL=1", "SAL=1", "SQL=1", "WON=1");
        });
    }

    @Test
    void the_services_behind_the_topics_run_at_a_lower_cpu_priority_than_lead_service(FunnelProcesses funnel) {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "niceness is read from /proc (Linux)");
        // lead-service as nice as this test, each of the others CONSUMER_NICENESS nicer (nice caps it at 19)
        int own = ProcessStat.niceness(ProcessHandle.current().pid());
        assertThat(ProcessStat.niceness(funnel.pid(LEAD))).as("lead-service").isEqualTo(own);
        for (FunnelProcesses.Service service : List.of(SCORING, HANDOFF, METRICS)) {
            assertThat(ProcessStat.niceness(funnel.pid(service))).as(service.module())
                    .isEqualTo(Math.min(19, own + FunnelProcesses.CONSUMER_NICENESS));
        }
    }

    private static FunnelEvent awaitEvent(TopicReader topics, String topic, String leadId,
                                          java.util.function.Predicate<FunnelEvent> wanted) {
        FunnelEvent[] found = new FunnelEvent[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            found[0] = Events.readAll(topics, topic).stream()
                    .filter(e -> leadId.equals(e.leadId())).filter(wanted).findFirst().orElse(null);
            assertThat(found[0]).as("event on " + topic + " for lead " + leadId).isNotNull();
        });
        return found[0];
    }

    private static RequestSpecification api(FunnelProcesses funnel, FunnelProcesses.Service service, String token) {
        return RestAssured.given().baseUri(funnel.baseUrl(service)).auth().oauth2(token);
    }
}
