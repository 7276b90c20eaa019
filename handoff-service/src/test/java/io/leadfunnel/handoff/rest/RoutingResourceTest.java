package io.leadfunnel.handoff.rest;

import io.leadfunnel.handoff.Fixtures;
import io.leadfunnel.handoff.HandoffTestProfile;
import io.leadfunnel.handoff.service.LifecycleService;
import io.leadfunnel.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/** Routing rules and reps edited over REST by sales-ops, then used for the next hand-off. */
@QuarkusTest
@TestProfile(HandoffTestProfile.class)
class RoutingResourceTest {

    private static final String OPS = TestTokens.forRole("olga", "sales-ops");

    @Inject
    LifecycleService lifecycles;

    @Test
    void a_rule_and_reps_put_over_rest_route_the_next_mql_and_notify_the_second_team() {
        String industry = Fixtures.uniqueId("industry");
        String owner = Fixtures.uniqueId("erik");
        given().auth().oauth2(OPS).contentType(ContentType.JSON).body("{\"team\":\"enterprise\",\"weight\":2,"
                + "\"available\":true,\"capacity\":10}").put("/reps/" + owner).then().statusCode(200)
                .body("weight", is(2));
        given().auth().oauth2(OPS).contentType(ContentType.JSON).body("""
                {"rules":[{"id":"big-%1$s","when":{"industries":["%1$s"],"minCompanySize":100},
                           "target":{"kind":"OWNER","name":"%2$s"},"notifyTeam":"strategic"}],
                 "fallbackQueue":"inbound","managerQueues":{"enterprise":"enterprise-leads"}}"""
                .formatted(industry, owner)).put("/routing").then().statusCode(200)
                .body("rules[0].target.kind", is("OWNER"));
        given().auth().oauth2(OPS).get("/reps").then().body("id", hasItem(owner));

        String lead = Fixtures.uniqueId("lead");
        lifecycles.apply(Fixtures.captured(lead, Fixtures.profile(industry)));
        lifecycles.apply(Fixtures.scored(lead, 80, "A"));

        given().auth().oauth2(OPS).get("/leads/" + lead + "/lifecycle").then().statusCode(200)
                .body("stage", is("MQL")).body("handoff.owner", is(owner))
                .body("handoff.routingRule", is("big-" + industry)).body("handoff.notifyTeam", is("strategic"));
    }

    @Test
    void routing_is_for_sales_ops_and_admin_and_invalid_tables_are_refused() {
        given().auth().oauth2(TestTokens.forRole("sam", "sales")).get("/routing").then().statusCode(403);
        given().auth().oauth2(TestTokens.forRole("ada", "admin")).get("/routing").then().statusCode(200);
        given().auth().oauth2(OPS).contentType(ContentType.JSON).body("{\"rules\":[]}").put("/routing")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(OPS).contentType(ContentType.JSON).body("""
                {"rules":[{"id":"r","when":{"regions":["ATLANTIS"]},"target":{"kind":"QUEUE","name":"q"}}],
                 "fallbackQueue":"inbound"}""").put("/routing").then().statusCode(400);
        given().auth().oauth2(OPS).contentType(ContentType.JSON).body("{\"weight\":1}").put("/reps/x")
                .then().statusCode(400).body("errors[0].field", is("/team"));
    }
}
