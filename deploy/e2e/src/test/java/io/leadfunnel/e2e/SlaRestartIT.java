package io.leadfunnel.e2e;

import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.HandoffSlaBreached;
import io.leadfunnel.events.Topics;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.TopicReader;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.leadfunnel.testing.FunnelProcesses.Service.HANDOFF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An SLA clock that runs out while handoff-service is down (killed with SIGKILL) fires once when the service is back:
 * the breach is published and the lead escalated.
 */
@ExtendWith(FunnelExtension.class)
class SlaRestartIT {

    private static final String OPS = TestTokens.forRole("e2e-ops", "sales-ops");

    @Test
    void a_clock_that_runs_out_while_handoff_service_is_down_fires_once_after_the_restart(FunnelProcesses funnel) {
        Map<String, Object> active = api(funnel, OPS).get("/definitions/active").then().statusCode(200)
                .extract().jsonPath().getMap("");
        try {
            // given marketing and sales agreed on a 20-second acceptance SLA
            activate(funnel, withAcceptWithin(active, "PT20S"));

            // and a lead that qualifies is handed to sales
            String marker = "sla-" + UUID.randomUUID().toString().substring(0, 8);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
            String body = """
                    {"externalId":"%s","email":"%s@acme-robotics.example","company":"Acme Robotics",
                     "title":"Chief Operating Officer","country":"DE","industry":"Manufacturing","companySize":450,
                     "source":"webinar","campaign":"%s","activities":[
                       {"activityId":"demo","type":"DEMO_REQUESTED","occurredAt":"%s"},
                       {"activityId":"meeting","type":"MEETING","occurredAt":"%s"}]}"""
                    .formatted(marker, marker, marker, now, now);
            String leadId = Senders.generic(funnel, body).then().statusCode(200).extract().jsonPath()
                    .getString("leads[0]");
            TopicReader topics = new TopicReader(funnel.kafkaBootstrapServers());
            HandoffAssigned assigned = (HandoffAssigned) lifecycleEvent(topics, leadId, e -> e instanceof HandoffAssigned);
            assertThat(assigned.acceptDueAt()).isNotNull();

            // when handoff-service dies before the clock runs out, and comes back after it did
            funnel.kill(HANDOFF);
            long wait = Duration.between(Instant.now(), assigned.acceptDueAt()).toMillis() + 3_000;
            sleep(Math.max(wait, 0));
            assertThat(breaches(topics, leadId)).as("no breach while the service is down").isEmpty();
            funnel.restart(HANDOFF);

            // then the breach is published once and the lead is escalated
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(breaches(topics, leadId)).hasSize(1));
            HandoffSlaBreached breach = (HandoffSlaBreached) lifecycleEvent(topics, leadId, e -> e instanceof HandoffSlaBreached);
            assertThat(breach.sla()).isEqualTo(HandoffSlaBreached.Sla.ACCEPT);
            assertThat(breach.dueAt()).isEqualTo(assigned.acceptDueAt());
            lifecycleEvent(topics, leadId, e -> e instanceof HandoffAssigned a && a.routingRule() != null
                    && a.routingRule().startsWith("escalation"));
            sleep(3_000);
            assertThat(breaches(topics, leadId)).as("fired once, not again").hasSize(1);

            // and the lead, handed off before the crash, is stored, captured and counted once
            LeadReconciliation figures = LeadReconciliation.of(funnel, marker, Set.of(leadId), 0, Set.of(leadId));

            Map<String, Object> record = new java.util.LinkedHashMap<>();
            record.put("fault", FaultReport.SLA);
            record.put("test", "SlaRestartIT.a_clock_that_runs_out_while_handoff_service_is_down_fires_once_after_the"
                    + "_restart");
            record.put("acceptance SLA", "PT20S, due " + assigned.acceptDueAt());
            record.put("handoff-service", "killed with SIGKILL before the due time, restarted " + wait / 1000
                    + " s later, after it");
            record.put("breaches published", 1);
            record.put("escalated", "yes (HandoffAssigned by an escalation rule)");
            record.put("deliveriesAccepted", 1);
            record.putAll(figures.figures());
            if (!figures.matched()) {
                record.put("discrepancies", figures.discrepancies());
            }
            record.put("passed", figures.matched());
            FaultReport.record(record);
            assertThat(figures.discrepancies()).as("the lead through the funnel, once").isEmpty();
        } finally {
            activate(funnel, withAcceptWithin(active, String.valueOf(((Map<?, ?>) active.get("sla")).get("acceptWithin"))));
        }
    }

    /** Distinct breach events of a lead (a re-published event keeps its id). */
    private static Set<String> breaches(TopicReader topics, String leadId) {
        return Events.readAll(topics, Topics.LEAD_LIFECYCLE).stream()
                .filter(e -> leadId.equals(e.leadId()) && e instanceof HandoffSlaBreached)
                .map(e -> e.eventId().toString()).collect(Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withAcceptWithin(Map<String, Object> definition, String acceptWithin) {
        Map<String, Object> body = new HashMap<>();
        for (String part : List.of("mql", "sql", "recycling")) {
            body.put(part, definition.get(part));
        }
        Map<String, Object> sla = new HashMap<>((Map<String, Object>) definition.get("sla"));
        sla.put("acceptWithin", acceptWithin);
        body.put("sla", sla);
        return body;
    }

    /** Drafts, has marketing and sales (two people) approve, and activates. */
    private static void activate(FunnelProcesses funnel, Map<String, Object> content) {
        int version = api(funnel, TestTokens.forRole("e2e-mia", "marketing")).contentType("application/json")
                .body(content).post("/definitions").then().statusCode(201).extract().path("version");
        api(funnel, TestTokens.forRole("e2e-mia", "marketing")).contentType("application/json")
                .body(Map.of("side", "MARKETING")).post("/definitions/" + version + "/approvals")
                .then().statusCode(200);
        api(funnel, TestTokens.forRole("e2e-sam", "sales")).contentType("application/json")
                .body(Map.of("side", "SALES")).post("/definitions/" + version + "/approvals")
                .then().statusCode(200);
        api(funnel, OPS).post("/definitions/" + version + "/activate").then().statusCode(200);
    }

    private static FunnelEvent lifecycleEvent(TopicReader topics, String leadId, java.util.function.Predicate<FunnelEvent> wanted) {
        FunnelEvent[] found = new FunnelEvent[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            found[0] = Events.readAll(topics, Topics.LEAD_LIFECYCLE).stream()
                    .filter(e -> leadId.equals(e.leadId())).filter(wanted).findFirst().orElse(null);
            assertThat(found[0]).as("lifecycle event for " + leadId).isNotNull();
        });
        return found[0];
    }

    private static RequestSpecification api(FunnelProcesses funnel, String token) {
        return RestAssured.given().baseUri(funnel.baseUrl(HANDOFF)).auth().oauth2(token);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
