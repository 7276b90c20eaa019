package io.leadfunnel.lead.rest;

import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.lead.repository.LeadRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.leadfunnel.lead.rest.Api.PROBLEM_JSON;
import static io.leadfunnel.lead.rest.Api.salesOps;
import static io.leadfunnel.lead.rest.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * No request body of any write endpoint can set stage, score, owner or another field only the lifecycle, the
 * scoring, the identity rules or lead-service itself may set: each is refused with 400 naming the field and the
 * reason, with any role allowed to write, and nothing is stored.
 */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class LifecycleFieldsTest {

    /** Every field a lead shows but no request may set. */
    static final List<String> READ_ONLY = List.of("stage", "stageAt", "score", "owner", "team", "id", "createdAt",
            "updatedAt", "externalRefs", "mergedInto", "erased", "erasedAt", "timeline");
    /** Values of several shapes: a string, an object, an array, a number, a boolean. */
    static final List<String> VALUES = List.of("\"SQL\"", "{\"total\": 100, \"grade\": \"A\"}", "[\"x\"]", "99",
            "true");

    private static String lead;

    @Inject
    LeadRepository leads;

    static Stream<Arguments> fieldsAndValues() {
        List<Arguments> cases = new ArrayList<>();
        for (int i = 0; i < READ_ONLY.size(); i++) {
            cases.add(Arguments.of(READ_ONLY.get(i), VALUES.get(i % VALUES.size())));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "POST /leads with {0} is refused")
    @MethodSource("fieldsAndValues")
    void aNewLeadCannotSetIt(String field, String value) {
        String email = uniqueEmail("ro");
        salesOps().contentType(ContentType.JSON)
                .body("{\"email\": \"" + email + "\", \"source\": \"WEB\", \"" + field + "\": " + value + "}")
                .post("/leads")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("type", equalTo("https://leadfunnel.io/problems/invalid-request"))
                .body("errors.field", hasItem(field))
                .body("detail", containsString(field + " is read-only"));
        assertThat(leads.findByEmail(email)).isEmpty();
    }

    @ParameterizedTest(name = "PATCH /leads/<id> with {0} is refused")
    @MethodSource("fieldsAndValues")
    void aPatchCannotSetIt(String field, String value) {
        String id = lead();
        // every role allowed to patch, one per field in turn
        List<String> writers = List.of(Roles.SALES_OPS, Roles.SALES, Roles.MARKETING, Roles.ADMIN);
        for (String role : List.of(writers.get(READ_ONLY.indexOf(field) % writers.size()))) {
            String before = salesOps().get("/leads/" + id).then().statusCode(200).extract().asString();
            Api.as(role).contentType("application/merge-patch+json")
                    .body("{\"title\": \"Chief " + field + "\", \"" + field + "\": " + value + "}")
                    .patch("/leads/" + id)
                    .then().statusCode(400).contentType(PROBLEM_JSON)
                    .body("errors.field", hasItem(field))
                    .body("detail", containsString(field + " is read-only"));
            assertThat(salesOps().get("/leads/" + id).then().extract().asString()).as(role).isEqualTo(before);
        }
    }

    @ParameterizedTest(name = "POST /leads/<id>/activities with {0} is refused")
    @MethodSource("fieldsAndValues")
    void anActivityCannotSetIt(String field, String value) {
        String id = lead();
        String before = salesOps().get("/leads/" + id).then().statusCode(200).extract().asString();
        salesOps().contentType(ContentType.JSON)
                .body("{\"type\": \"DEMO_REQUESTED\", \"occurredAt\": \"2026-03-04T08:00:00Z\", \"activityId\": \"ro-"
                        + field + "\", \"" + field + "\": " + value + "}")
                .post("/leads/" + id + "/activities")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", hasItem(field))
                .body("detail", containsString(field + " is read-only"));
        assertThat(salesOps().get("/leads/" + id).then().extract().asString()).isEqualTo(before);
    }

    private static synchronized String lead() {
        if (lead == null) {
            lead = Api.createLead();
        }
        return lead;
    }
}
