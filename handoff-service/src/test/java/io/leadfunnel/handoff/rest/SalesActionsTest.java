package io.leadfunnel.handoff.rest;

import io.leadfunnel.events.LeadClosed;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.Stage;
import io.leadfunnel.handoff.Definitions;
import io.leadfunnel.handoff.Fixtures;
import io.leadfunnel.handoff.domain.DefaultDefinition;
import io.leadfunnel.handoff.domain.Recycling;
import io.leadfunnel.handoff.HandoffTestProfile;
import io.leadfunnel.handoff.domain.SalesRep;
import io.leadfunnel.handoff.service.LifecycleService;
import io.leadfunnel.handoff.service.RoutingService;
import io.leadfunnel.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/** Sales actions over REST on leads handed off by the service: accept, reject, qualify, close, reassign. */
@QuarkusTest
@TestProfile(HandoffTestProfile.class)
class SalesActionsTest {

    @Inject
    RoutingService routing;

    @Inject
    LifecycleService lifecycles;

    private String rep;
    private String team;

    /** Given a lead the service qualified and handed to a rep of a fresh team (the facts applied in-process). */
    private String handedOffLead() {
        String industry = Fixtures.uniqueId("industry");
        rep = Fixtures.uniqueId("rep");
        team = Fixtures.uniqueId("team");
        Fixtures.routeFirst(routing, Fixtures.teamRule(Fixtures.uniqueId("rule"), industry, team),
                new SalesRep(rep, team, 1, true, 0), new SalesRep(rep + "-2", team, 0, true, 0));
        String leadId = Fixtures.uniqueId("lead");
        lifecycles.apply(Fixtures.captured(leadId, Fixtures.profile(industry)));
        lifecycles.apply(Fixtures.scored(leadId, 70, "A"));
        return leadId;
    }

    private ValidatableResponse post(String user, String role, String path, String body) {
        var request = given().auth().oauth2(TestTokens.forRole(user, role)).contentType(ContentType.JSON);
        if (body != null) {
            request.body(body);
        }
        return request.post(path).then();
    }

    @Test
    void qualify_with_an_incomplete_checklist_is_422_naming_the_missing_items_and_a_complete_one_gives_sql() {
        String lead = handedOffLead();
        post(rep, "sales", "/leads/" + lead + "/accept", null).statusCode(200)
                .body("stage", is("SAL")).body("handoff.owner", is(rep));

        post(rep, "sales", "/leads/" + lead + "/qualify", """
                {"checklist":{"BUDGET":"80k approved","MAIN_COMPETITOR":"Globex"}}""")
                .statusCode(422).contentType("application/problem+json")
                .body("type", is("https://leadfunnel.io/problems/checklist-incomplete"))
                .body("errors.field", contains("/checklist/BUYING_CENTER", "/checklist/TIMELINE"));

        post(rep, "sales", "/leads/" + lead + "/qualify", """
                {"checklist":{"BUYING_CENTER":"CFO decides, CTO influences","BUDGET":"80k approved","TIMELINE":"Q3"}}""")
                .statusCode(200).body("stage", is("SQL")).body("checklist.BUDGET", is("80k approved"))
                .body("allowedActions", containsInAnyOrder("CLOSE_WON", "CLOSE_LOST", "REASSIGN"));

        post(rep, "sales", "/leads/" + lead + "/close", """
                {"outcome":"WON","amount":48000.00,"currency":"EUR"}""")
                .statusCode(200).body("stage", is("WON")).body("history[-1].type", is("LeadClosed"))
                .body("history[-1].amount", is(48000.0f)).body("history[-1].currency", is("EUR"));

        // and the closure is published with the amount, after the stage changes
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Fixtures.lifecycleOf(lead))
                .extracting(LifecycleEvent::type).containsExactly("LeadStageChanged", "HandoffAssigned",
                        "LeadStageChanged", "LeadStageChanged", "LeadStageChanged", "LeadClosed"));
        List<LifecycleEvent> events = Fixtures.lifecycleOf(lead);
        assertThat(((LeadClosed) events.get(5)).amount()).isEqualByComparingTo("48000");
        assertThat(((LeadStageChanged) events.get(4)).to()).isEqualTo(Stage.WON);
    }

    @Test
    void an_action_the_stage_does_not_allow_is_409_with_the_allowed_actions() {
        String lead = handedOffLead();
        post(rep, "sales", "/leads/" + lead + "/close", """
                {"outcome":"WON","amount":10,"currency":"EUR"}""")
                .statusCode(409).contentType("application/problem+json")
                .body("type", is("https://leadfunnel.io/problems/action-not-allowed"))
                .body("allowedActions", contains("ACCEPT", "REJECT", "REASSIGN"));
        post(rep, "sales", "/leads/" + lead + "/qualify", "{\"checklist\":{}}").statusCode(409);
        post("mia", "marketing", "/leads/" + lead + "/accept", null).statusCode(403);
        post(rep, "sales", "/leads/unknown-lead/accept", null).statusCode(404);
    }

    @Test
    void reject_sends_the_lead_to_recycled_with_its_reason_and_a_new_score_does_not_requalify_it_before_the_wait() {
        String lead = handedOffLead();
        post(rep, "sales", "/leads/" + lead + "/reject", "{\"reason\":\"OTHER\"}").statusCode(400)
                .body("errors[0].field", is("/note"));
        post(rep, "sales", "/leads/" + lead + "/reject", "{\"reason\":\"NOT_INTERESTED\"}").statusCode(400);

        post(rep, "sales", "/leads/" + lead + "/reject", "{\"reason\":\"TOO_EARLY\",\"note\":\"budget next year\"}")
                .statusCode(200).body("stage", is("RECYCLED")).body("recycles", is(1))
                .body("history[-1].reasonCode", is("TOO_EARLY")).body("history[-1].reason", is("budget next year"))
                .body("history[-1].causedBy.id", is(rep)).body("handoff.open", is(false));

        // a new qualifying score within the 30-day wait leaves it RECYCLED
        lifecycles.apply(Fixtures.scored(lead, 90, "A"));
        given().auth().oauth2(TestTokens.forRole("mia", "marketing")).get("/leads/" + lead + "/lifecycle")
                .then().statusCode(200).body("stage", is("RECYCLED"));
    }

    @Test
    void a_recycled_lead_requalifies_only_after_the_wait_and_the_rejection_past_the_maximum_disqualifies() throws Exception {
        // given a definition with a 3-second recycling wait and at most one recycle
        Definitions.activate(Definitions.withSla(DefaultDefinition.content().sla(),
                new Recycling(Duration.ofSeconds(3), 1)));
        try {
            String lead = handedOffLead();
            post(rep, "sales", "/leads/" + lead + "/reject", "{\"reason\":\"NO_BUDGET\"}").statusCode(200)
                    .body("stage", is("RECYCLED"));
            // a qualifying score inside the wait changes nothing
            lifecycles.apply(Fixtures.scored(lead, 90, "A"));
            assertThat(lifecycles.lifecycle(lead).stage()).isEqualTo(Stage.RECYCLED);
            // after the wait it qualifies again and is handed off again
            Thread.sleep(3200);
            lifecycles.apply(Fixtures.scored(lead, 91, "A"));
            var requalified = lifecycles.lifecycle(lead);
            assertThat(requalified.stage()).isEqualTo(Stage.MQL);
            assertThat(requalified.handoff().isOpen()).isTrue();
            // the second rejection is past the maximum: RECYCLED, then DISQUALIFIED
            post(rep, "sales", "/leads/" + lead + "/reject", "{\"reason\":\"NOT_A_FIT\"}").statusCode(200)
                    .body("stage", is("DISQUALIFIED"))
                    .body("history[-2].to", is("RECYCLED")).body("history[-2].reasonCode", is("NOT_A_FIT"))
                    .body("history[-1].to", is("DISQUALIFIED")).body("history[-1].reasonCode", is("MAX_RECYCLES"))
                    .body("allowedActions", empty());
            Thread.sleep(3200);
            lifecycles.apply(Fixtures.scored(lead, 95, "A"));
            assertThat(lifecycles.lifecycle(lead).stage()).isEqualTo(Stage.DISQUALIFIED);
        } finally {
            Definitions.activate(Definitions.withSla(DefaultDefinition.content().sla(),
                    DefaultDefinition.content().recycling()));
        }
    }

    @Test
    void reassign_is_for_sales_ops_and_the_rep_queue_and_audit_trail_show_it() {
        String lead = handedOffLead();
        given().auth().oauth2(TestTokens.forRole(rep, "sales")).get("/handoffs?owner=" + rep).then().statusCode(200)
                .body("leadId", hasItem(lead));
        post(rep, "sales", "/leads/" + lead + "/reassign", "{\"owner\":\"" + rep + "-2\"}").statusCode(403);
        post("olga", "sales-ops", "/leads/" + lead + "/reassign", "{\"owner\":\"nobody-here\"}").statusCode(404);
        post("olga", "sales-ops", "/leads/" + lead + "/reassign", "{\"owner\":\"" + rep + "-2\"}").statusCode(200)
                .body("handoff.owner", is(rep + "-2")).body("handoff.routingRule", is("reassigned-by:olga"))
                .body("history.type", contains("LeadStageChanged", "HandoffAssigned", "HandoffAssigned"));
        given().auth().oauth2(TestTokens.forRole(rep, "sales")).get("/handoffs?owner=" + rep + "-2&status=MQL")
                .then().body("leadId", contains(lead));
        given().auth().oauth2(TestTokens.forRole("mia", "marketing")).get("/leads/" + lead + "/lifecycle").then()
                .body("history[0].to", is("MQL")).body("history[0].criteria.criterion", hasItem("mql.minTotalScore"))
                .body("history[0].causedBy.id", is("mql-evaluator"));
    }

    @Test
    void two_concurrent_actions_on_one_lead_cannot_both_win() throws Exception {
        for (int round = 0; round < 3; round++) {
            String lead = handedOffLead();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Callable<Integer>> actions = List.of(
                        () -> {
                            start.await();
                            return post(rep, "sales", "/leads/" + lead + "/accept", null).extract().statusCode();
                        },
                        () -> {
                            start.await();
                            return post("olga", "sales-ops", "/leads/" + lead + "/reject",
                                    "{\"reason\":\"DUPLICATE\"}").extract().statusCode();
                        });
                List<Future<Integer>> results = new ArrayList<>();
                for (Callable<Integer> action : actions) {
                    results.add(pool.submit(action));
                }
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> result : results) {
                    statuses.add(result.get());
                }
                // accept then reject is legal (SAL allows REJECT), so both may succeed in order; what must never
                // happen is both acting on the MQL: exactly one stage change per successful action
                var lifecycle = lifecycles.lifecycle(lead);
                long stageChanges = lifecycle.history().stream().filter(e -> e instanceof LeadStageChanged).count();
                assertThat(stageChanges - 1).isEqualTo(statuses.stream().filter(s -> s == 200).count());
                if (statuses.contains(409)) {
                    assertThat(statuses).containsExactlyInAnyOrder(200, 409);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        // two accepts at once: exactly one wins, the other is told the lead is no longer an MQL
        String lead = handedOffLead();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return post(rep, "sales", "/leads/" + lead + "/accept", null).extract().statusCode();
                }));
            }
            start.countDown();
            assertThat(List.of(results.get(0).get(), results.get(1).get())).containsExactlyInAnyOrder(200, 409);
            assertThat(lifecycles.lifecycle(lead).history().stream()
                    .filter(e -> e instanceof LeadStageChanged s && s.to() == Stage.SAL)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
