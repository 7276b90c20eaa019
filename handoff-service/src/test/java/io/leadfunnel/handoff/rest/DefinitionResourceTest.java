package io.leadfunnel.handoff.rest;

import io.leadfunnel.handoff.Definitions;
import io.leadfunnel.handoff.HandoffTestProfile;
import io.leadfunnel.handoff.domain.DefaultDefinition;
import io.leadfunnel.handoff.domain.HandoffSla;
import io.leadfunnel.handoff.domain.Recycling;
import io.leadfunnel.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.leadfunnel.handoff.Definitions.approve;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/** The definition's life: draft, approval by marketing and by sales (two people), activation, retirement, diff. */
@QuarkusTest
@TestProfile(HandoffTestProfile.class)
class DefinitionResourceTest {

    private static final String OPS = TestTokens.forRole("ops", "sales-ops");

    private static final HandoffSla LONG_SLA = DefaultDefinition.content().sla();

    @Test
    void the_default_definition_is_seeded_active_and_approved_by_the_system() {
        given().auth().oauth2(OPS).get("/definitions/1").then().statusCode(200)
                .body("createdBy", is("system"))
                .body("approvals.approvedBy", containsInAnyOrder("system:marketing", "system:sales"))
                .body("mql.minTotalScore", is(60))
                .body("sla.acceptWithin", is("PT4H"));
        given().auth().oauth2(OPS).get("/definitions").then().statusCode(200).body("version", hasItem(1));
    }

    @Test
    void one_approval_or_two_from_the_same_side_or_person_cannot_activate() {
        int version = Definitions.draft(Definitions.withSla(LONG_SLA, new Recycling(Duration.ofDays(30), 2)));
        // one approval
        approve(version, "mia", "MARKETING", "marketing");
        activate(version).statusCode(409).contentType("application/problem+json")
                .body("type", is("https://leadfunnel.io/problems/definition-rule"));
        // a second approval from the same side, by someone else
        given().auth().oauth2(TestTokens.forRole("max", "marketing")).contentType(ContentType.JSON)
                .body("{\"side\":\"MARKETING\"}").post("/definitions/" + version + "/approvals")
                .then().statusCode(409).body("detail", containsString("already approved"));
        // the same person approving for sales too, although holding both roles
        given().auth().oauth2(TestTokens.forRole("mia", "marketing", "sales")).contentType(ContentType.JSON)
                .body("{\"side\":\"SALES\"}").post("/definitions/" + version + "/approvals")
                .then().statusCode(409).body("detail", containsString("another person"));
        // a marketer cannot sign for sales
        given().auth().oauth2(TestTokens.forRole("max", "marketing")).contentType(ContentType.JSON)
                .body("{\"side\":\"SALES\"}").post("/definitions/" + version + "/approvals")
                .then().statusCode(409).body("detail", containsString("sales role"));
        // sales-ops cannot approve at all
        given().auth().oauth2(OPS).contentType(ContentType.JSON).body("{\"side\":\"SALES\"}")
                .post("/definitions/" + version + "/approvals").then().statusCode(403);
        given().auth().oauth2(OPS).get("/definitions/" + version).then()
                .body("status", is("DRAFT")).body("approved", is(false));
    }

    @Test
    void an_edit_after_approval_clears_the_approvals() {
        int version = Definitions.draft(Definitions.withSla(LONG_SLA, new Recycling(Duration.ofDays(30), 2)));
        approve(version, "mia", "MARKETING", "marketing");
        approve(version, "sam", "SALES", "sales");
        given().auth().oauth2(OPS).get("/definitions/" + version).then().body("approved", is(true));

        given().auth().oauth2(TestTokens.forRole("sam", "sales")).contentType(ContentType.JSON)
                .body(Definitions.body(Definitions.withSla(LONG_SLA, new Recycling(Duration.ofDays(10), 5))))
                .put("/definitions/" + version).then().statusCode(200)
                .body("approvals", empty()).body("approved", is(false)).body("recycling.maxRecycles", is(5));
        activate(version).statusCode(409);
    }

    @Test
    void activation_retires_the_previous_version_and_the_diff_shows_what_changed() {
        int previous = Definitions.activate(Definitions.withSla(LONG_SLA, new Recycling(Duration.ofDays(30), 2)));
        int next = Definitions.draft(Definitions.withSla(new HandoffSla(Duration.ofHours(2), Duration.ofHours(24),
                null), new Recycling(Duration.ofDays(30), 3)));
        approve(next, "mia", "MARKETING", "marketing");
        approve(next, "sam", "SALES", "sales");

        activate(next).statusCode(200).body("status", is("ACTIVE")).body("activatedBy", is("ops"));

        given().auth().oauth2(OPS).get("/definitions/active").then().body("version", is(next));
        given().auth().oauth2(OPS).get("/definitions/" + previous).then().body("status", is("RETIRED"));
        given().auth().oauth2(OPS).get("/definitions").then()
                .body("findAll { it.status == 'ACTIVE' }.version", contains(next));
        // an active or retired version is never edited again
        given().auth().oauth2(OPS).contentType(ContentType.JSON)
                .body(Definitions.body(DefaultDefinition.content())).put("/definitions/" + previous)
                .then().statusCode(409);
        given().auth().oauth2(OPS).get("/definitions/" + previous + "/diff/" + next).then().statusCode(200)
                .body("changes.path", contains("/recycling/maxRecycles", "/sla/acceptWithin"))
                .body("changes[0].from", is(2)).body("changes[0].to", is(3))
                .body("changes[1].from", is("PT4H")).body("changes[1].to", is("PT2H"));
        // the default's criteria again, as the other tests expect
        Definitions.activate(Definitions.withSla(LONG_SLA, new Recycling(Duration.ofDays(30), 2)));
    }

    @Test
    void a_business_hours_calendar_is_stored_and_read_back() {
        String body = """
                {"mql":{"minTotalScore":60,"requiredFields":["email"]},
                 "sql":{"required":["BUDGET"]},
                 "sla":{"acceptWithin":"PT4H","firstContactWithin":"PT8H",
                        "businessHours":{"zone":"Europe/Berlin","days":["MONDAY","FRIDAY"],"opens":"08:30",
                                         "closes":"17:00","holidays":["2026-12-25"]}},
                 "recycling":{"waitingTime":"P30D","maxRecycles":2}}""";
        int version = given().auth().oauth2(OPS).contentType(ContentType.JSON).body(body).post("/definitions")
                .then().statusCode(201).extract().path("version");
        given().auth().oauth2(OPS).get("/definitions/" + version).then().statusCode(200)
                .body("status", is("DRAFT"))
                .body("sla.businessHours.zone", is("Europe/Berlin"))
                .body("sla.businessHours.days", containsInAnyOrder("MONDAY", "FRIDAY"))
                .body("sla.businessHours.opens", is("08:30:00"))
                .body("sla.businessHours.holidays", contains("2026-12-25"))
                .body("sql.required", contains("BUDGET"))
                .body("recycling.waitingTime", is("PT720H"));
    }

    @Test
    void invalid_content_is_a_problem_naming_the_field() {
        given().auth().oauth2(OPS).contentType(ContentType.JSON)
                .body("{\"mql\":{\"minGrade\":\"E\"},\"sla\":{\"acceptWithin\":\"PT1H\",\"firstContactWithin\":\"PT1H\"},"
                        + "\"recycling\":{\"waitingTime\":\"P1D\",\"maxRecycles\":1}}")
                .post("/definitions").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("minGrade"));
        given().auth().oauth2(OPS).contentType(ContentType.JSON).body("{\"mql\":{}}")
                .post("/definitions").then().statusCode(400).body("errors[0].field", equalTo("/sla"));
        given().auth().oauth2(OPS).get("/definitions/9999").then().statusCode(404);
        given().auth().oauth2(TestTokens.forRole("x", "metrics-reader")).get("/definitions").then().statusCode(403);
    }

    private static io.restassured.response.ValidatableResponse activate(int version) {
        return given().auth().oauth2(OPS).post("/definitions/" + version + "/activate").then();
    }
}
