package io.leadfunnel.handoff.rest;

import io.leadfunnel.handoff.Fixtures;
import io.leadfunnel.handoff.HandoffTestProfile;
import io.leadfunnel.handoff.domain.RoutingRule;
import io.leadfunnel.handoff.domain.SalesRep;
import io.leadfunnel.handoff.repository.Collections;
import io.leadfunnel.handoff.service.LifecycleService;
import io.leadfunnel.handoff.service.RoutingService;
import io.leadfunnel.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * Sales actions by reps on hand-offs that are not theirs: refused with 403 and nothing stored; their own hand-offs
 * and their team's queue work; sales-ops acts on all.
 */
@QuarkusTest
@TestProfile(HandoffTestProfile.class)
class HandoffOwnershipApiTest {

    private static final List<String> ACTIONS = List.of("accept", "reject", "qualify", "close");

    @Inject
    RoutingService routing;

    @Inject
    LifecycleService lifecycles;

    @Inject
    Collections collections;

    private String team;

    /** A lead routed by {@code target} (a team round robin or a queue named after the team). */
    private String lead(RoutingRule.Target.Kind kind, SalesRep... reps) {
        String industry = Fixtures.uniqueId("industry");
        Fixtures.routeFirst(routing, new RoutingRule(Fixtures.uniqueId("rule"),
                new RoutingRule.Conditions(null, null, null, null, List.of(industry), null, null),
                new RoutingRule.Target(kind, team), null), reps);
        String leadId = Fixtures.uniqueId("lead");
        lifecycles.apply(Fixtures.captured(leadId, Fixtures.profile(industry)));
        lifecycles.apply(Fixtures.scored(leadId, 70, "A"));
        return leadId;
    }

    private static ValidatableResponse post(String user, String role, String lead, String action, String body) {
        return given().auth().oauth2(TestTokens.forRole(user, role)).contentType(ContentType.JSON).body(body)
                .post("/leads/" + lead + "/" + action).then();
    }

    private static String bodyOf(String action) {
        switch (action) {
            case "reject":
                return "{\"reason\":\"NOT_A_FIT\"}";
            case "qualify":
                return "{\"checklist\":{\"BUYING_CENTER\":\"x\",\"BUDGET\":\"y\",\"TIMELINE\":\"z\"}}";
            case "close":
                return "{\"outcome\":\"LOST\",\"reason\":\"went quiet\"}";
            default:
                return "{}";
        }
    }

    /** The lead's stored lifecycle, without what the outbox relay changes meanwhile. */
    private Document stored(String lead) {
        Document doc = collections.get(Collections.LIFECYCLES).find(new Document("_id", lead)).first();
        for (String relayed : List.of("outbox", "outboxPending", "version", "updatedAt")) {
            doc.remove(relayed);
        }
        return doc;
    }

    @Test
    void a_rep_cannot_act_on_a_teammates_hand_off_nor_can_a_stranger_and_nothing_is_stored() {
        team = Fixtures.uniqueId("team");
        String owner = Fixtures.uniqueId("rep");
        String teammate = Fixtures.uniqueId("rep");
        String lead = lead(RoutingRule.Target.Kind.TEAM, new SalesRep(owner, team, 1, true, 0),
                new SalesRep(teammate, team, 0, true, 0));
        Document before = stored(lead);
        assertThat(before.get("owner")).isEqualTo(owner);

        for (String action : ACTIONS) {
            for (String intruder : List.of(teammate, Fixtures.uniqueId("stranger"))) {
                post(intruder, "sales", lead, action, bodyOf(action)).statusCode(403)
                        .contentType("application/problem+json")
                        .body("type", is("https://leadfunnel.io/problems/not-your-handoff"))
                        .body("detail", containsString("rep"));
            }
        }
        assertThat(stored(lead)).isEqualTo(before);

        // the owner may; then sales-ops may act on it too, whoever owns it
        post(owner, "sales", lead, "accept", "{}").statusCode(200).body("stage", is("SAL"));
        post("olga", "sales-ops", lead, "close", bodyOf("close")).statusCode(200).body("stage", is("LOST"));
    }

    @Test
    void a_rep_takes_a_lead_from_the_teams_queue_and_a_rep_of_another_team_cannot() {
        team = Fixtures.uniqueId("team");
        String member = Fixtures.uniqueId("rep");
        String outsider = Fixtures.uniqueId("rep");
        routing.saveRep(new SalesRep(outsider, Fixtures.uniqueId("other-team"), 1, true, 0));
        String lead = lead(RoutingRule.Target.Kind.QUEUE, new SalesRep(member, team, 1, true, 0));
        Document before = stored(lead);
        assertThat(before.get("owner")).isEqualTo("queue:" + team);

        post(outsider, "sales", lead, "accept", "{}").statusCode(403)
                .body("detail", containsString("queue " + team));
        assertThat(stored(lead)).isEqualTo(before);

        post(member, "sales", lead, "accept", "{}").statusCode(200).body("stage", is("SAL"))
                .body("handoff.owner", is(member));
        // now the member owns it: the queue rule no longer lets the outsider in
        post(outsider, "sales", lead, "qualify", bodyOf("qualify")).statusCode(403);
        post(member, "sales", lead, "qualify", bodyOf("qualify")).statusCode(200).body("stage", is("SQL"));
    }

    @Test
    void sales_ops_acts_on_a_queued_lead_without_becoming_its_owner() {
        team = Fixtures.uniqueId("team");
        String lead = lead(RoutingRule.Target.Kind.QUEUE);
        post("olga", "sales-ops", lead, "accept", "{}").statusCode(200).body("stage", is("SAL"))
                .body("handoff.owner", is("queue:" + team));
    }

    @Test
    void no_request_sets_stage_score_or_owner_beyond_what_its_action_does() {
        team = Fixtures.uniqueId("team");
        String owner = Fixtures.uniqueId("rep");
        String lead = lead(RoutingRule.Target.Kind.TEAM, new SalesRep(owner, team, 1, true, 0));
        String smuggled = "{\"stage\":\"WON\",\"owner\":\"mallory\",\"score\":{\"total\":100},"
                + "\"handoff\":{\"owner\":\"mallory\"},\"recycles\":0,\"version\":1,\"outbox\":[]}";
        post(owner, "sales", lead, "accept", smuggled).statusCode(200).body("stage", is("SAL"))
                .body("handoff.owner", is(owner));
        Document stored = stored(lead);
        assertThat(stored.get("stage")).isEqualTo("SAL");
        assertThat(stored.get("owner")).isEqualTo(owner);
        assertThat(stored.toJson()).doesNotContain("mallory").contains("\"total\": 70");
    }
}
