package io.leadfunnel.lead.rest;

import io.leadfunnel.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.Map;
import java.util.UUID;

/** Small helpers for calling the sales-ops API in tests. */
final class Api {

    static final String PROBLEM_JSON = "application/problem+json";

    private Api() {
    }

    /** A request authenticated as a user with these roles. */
    static RequestSpecification as(String... roles) {
        return RestAssured.given().header("Authorization", TestTokens.bearer(TestTokens.forRole("ada", roles)));
    }

    /** A request as sales-ops, the everyday user of the API. */
    static RequestSpecification salesOps() {
        return as(Roles.SALES_OPS);
    }

    /** A unique e-mail address, so tests sharing one database never collide. */
    static String uniqueEmail(String who) {
        return who + "." + UUID.randomUUID().toString().substring(0, 8) + "@acme-robotics.example";
    }

    /** Creates a lead and returns its id. */
    static String createLead(Map<String, ?> body) {
        return salesOps().contentType(ContentType.JSON).body(body)
                .post("/leads")
                .then().statusCode(201)
                .extract().path("id");
    }

    /** Creates a lead with a unique e-mail and returns its id. */
    static String createLead() {
        return createLead(Map.of("email", uniqueEmail("lead"), "firstName", "Ada", "lastName", "Lovelace",
                "company", "Acme Robotics", "source", "WEBINAR"));
    }
}
