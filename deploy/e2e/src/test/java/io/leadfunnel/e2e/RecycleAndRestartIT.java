package io.leadfunnel.e2e;

import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.Stage;
import io.leadfunnel.events.Topics;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.TopicReader;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static io.leadfunnel.testing.FunnelProcesses.Service.HANDOFF;
import static io.leadfunnel.testing.FunnelProcesses.Service.METRICS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sales rejects a hand-off and the lead goes back to marketing with the reason; metrics-service is killed meanwhile,
 * more leads arrive while it is down, and after its restart the figures are exact.
 */
@ExtendWith(FunnelExtension.class)
class RecycleAndRestartIT {

    private static final String OPS = TestTokens.forRole("e2e-ops", "sales-ops");
    private static final String READER = TestTokens.forRole("e2e-dashboard", "metrics-reader");

    @Test
    void a_rejected_lead_is_recycled_with_its_reason_and_metrics_survive_a_crash_exactly(FunnelProcesses funnel) {
        String campaign = "e2e-recycle-" + UUID.randomUUID().toString().substring(0, 8);
        TopicReader topics = new TopicReader(funnel.kafkaBootstrapServers());

        // given a qualifying lead handed to sales
        String first = qualifyingLead(funnel, campaign, "first");
        lifecycleEvent(topics, first, e -> e instanceof HandoffAssigned);

        // when sales rejects it as too early
        RestAssured.given().baseUri(funnel.baseUrl(HANDOFF)).auth().oauth2(OPS).contentType("application/json")
                .body(Map.of("reason", "TOO_EARLY", "note", "budget only next year"))
                .post("/leads/" + first + "/reject").then().statusCode(200);

        // then it goes back to marketing with the reason
        LeadStageChanged recycled = (LeadStageChanged) lifecycleEvent(topics, first,
                e -> e instanceof LeadStageChanged c && c.to() == Stage.RECYCLED);
        assertThat(recycled.from()).isEqualTo(Stage.MQL);
        assertThat(recycled.reasonCode()).isEqualTo("TOO_EARLY");

        // and when metrics-service crashes while another lead of the campaign goes through, then comes back
        funnel.kill(METRICS);
        String second = qualifyingLead(funnel, campaign, "second");
        lifecycleEvent(topics, second, e -> e instanceof HandoffAssigned);
        funnel.restart(METRICS);

        // its figures for the campaign are exact: two leads, both MQL, none accepted, one recycled
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            JsonPath figures = RestAssured.given().baseUri(funnel.baseUrl(METRICS)).auth().oauth2(READER)
                    .queryParam("groupBy", "campaign").get("/funnel").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> stages = figures.getList(
                    "groups.find { it.value == '" + campaign + "' }.stages");
            assertThat(stages).isNotNull();
            assertThat(stages).extracting(s -> s.get("stage") + "=" + s.get("reached"))
                    .containsExactly("LEAD=2", "MQL=2", "SAL=0", "SQL=0", "WON=0");
        });
    }

    private static String qualifyingLead(FunnelProcesses funnel, String campaign, String name) {
        String marker = campaign + "-" + name;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
        String body = """
                {"externalId":"%s","email":"%s@acme-robotics.example","company":"Acme Robotics",
                 "title":"VP Operations","country":"DE","industry":"Manufacturing","companySize":450,
                 "source":"trade show","campaign":"%s","activities":[
                   {"activityId":"demo","type":"DEMO_REQUESTED","occurredAt":"%s"},
                   {"activityId":"meeting","type":"MEETING","occurredAt":"%s"},
                   {"activityId":"pricing","type":"PRICING_PAGE_VIEW","occurredAt":"%s"}]}"""
                .formatted(marker, marker, campaign, now, now, now);
        return Senders.genericUntilAccepted(funnel, body, Duration.ofSeconds(30)).jsonPath().getString("leads[0]");
    }

    private static FunnelEvent lifecycleEvent(TopicReader topics, String leadId, Predicate<FunnelEvent> wanted) {
        FunnelEvent[] found = new FunnelEvent[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            found[0] = Events.readAll(topics, Topics.LEAD_LIFECYCLE).stream()
                    .filter(e -> leadId.equals(e.leadId())).filter(wanted).findFirst().orElse(null);
            assertThat(found[0]).as("lifecycle event for " + leadId).isNotNull();
        });
        return found[0];
    }
}
