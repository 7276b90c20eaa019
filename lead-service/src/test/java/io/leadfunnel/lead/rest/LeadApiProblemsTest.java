package io.leadfunnel.lead.rest;

import io.leadfunnel.lead.repository.LeadRepository;
import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.leadfunnel.lead.rest.Api.PROBLEM_JSON;
import static io.leadfunnel.lead.rest.Api.createLead;
import static io.leadfunnel.lead.rest.Api.salesOps;
import static io.leadfunnel.lead.rest.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

/**
 * Bad requests get RFC 9457 problem responses that name what is wrong, and leave nothing behind.
 */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class LeadApiProblemsTest {

    private static final String TYPE = "https://leadfunnel.io/problems/";

    @Inject
    LeadRepository leads;

    @Test
    void malformedJsonIs400AndStoresNothing() {
        String email = uniqueEmail("broken");
        salesOps().contentType(ContentType.JSON).body("{\"email\": \"" + email + "\", \"source\": \"WEB\"")
                .post("/leads")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo(TYPE + "malformed-request"))
                .body("status", equalTo(400))
                .body("detail", containsString("not valid JSON"))
                .body("instance", equalTo("/leads"));
        assertThat(leads.findByEmail(email)).isEmpty();
    }

    @Test
    void aBodyThatIsNotAnObjectIs400() {
        salesOps().contentType(ContentType.JSON).body("[1, 2]").post("/leads")
                .then().statusCode(400).contentType(PROBLEM_JSON).body("type", equalTo(TYPE + "malformed-request"));
        salesOps().contentType(ContentType.JSON).body("").post("/leads")
                .then().statusCode(400).contentType(PROBLEM_JSON).body("type", equalTo(TYPE + "malformed-request"));
    }

    @Test
    void wrongContentTypeIs415AndStoresNothing() {
        String email = uniqueEmail("xml");
        salesOps().contentType(ContentType.XML).body("<lead><email>" + email + "</email></lead>")
                .post("/leads")
                .then().statusCode(415)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo(TYPE + "unsupported-media-type"))
                .body("errors[0].field", equalTo("Content-Type"));
        salesOps().contentType(ContentType.TEXT).body("title=CTO")
                .patch("/leads/" + createLead())
                .then().statusCode(415).contentType(PROBLEM_JSON);
        assertThat(leads.findByEmail(email)).isEmpty();
    }

    @Test
    void aBodyOverOneMebibyteIs413AndStoresNothing() {
        String email = uniqueEmail("huge");
        String body = "{\"email\": \"" + email + "\", \"source\": \"WEB\", \"sourceDetail\": \""
                + "x".repeat(2 * 1024 * 1024) + "\"}";
        salesOps().contentType(ContentType.JSON).body(body)
                .post("/leads")
                .then().statusCode(413)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo(TYPE + "payload-too-large"));
        assertThat(leads.findByEmail(email)).isEmpty();
    }

    @Test
    void aChunkedBodyOverOneMebibyteIs413Too() throws Exception {
        String email = uniqueEmail("chunked");
        byte[] body = ("{\"email\": \"" + email + "\", \"source\": \"WEB\", \"sourceDetail\": \""
                + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        // a body from a stream has no declared length: it goes out chunked and is counted while read
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/leads"))
                .header("Content-Type", "application/json")
                .header("Authorization", TestTokens.bearer(TestTokens.forRole("ada", Roles.SALES_OPS)))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
        assertThat(response.body()).contains(TYPE + "payload-too-large");
        assertThat(leads.findByEmail(email)).isEmpty();
    }

    @Test
    void unknownAndReadOnlyFieldsOfANewLeadAreEachNamed() {
        String email = uniqueEmail("unknown");
        salesOps().contentType(ContentType.JSON)
                .body(Map.of("email", email, "source", "WEB", "favouriteColour", "teal", "stage", "SQL",
                        "owner", "jonas.berg"))
                .post("/leads")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo(TYPE + "invalid-request"))
                .body("errors.field", hasItems("favouriteColour", "stage", "owner"))
                .body("errors.find { it.field == 'favouriteColour' }.detail", containsString("unknown field"))
                .body("errors.find { it.field == 'stage' }.detail",
                        containsString("stage changes only through the lifecycle"));
        assertThat(leads.findByEmail(email)).isEmpty();
    }

    @Test
    void beanValidationFailuresNameEachField() {
        salesOps().contentType(ContentType.JSON)
                .body(Map.of("email", "not-an-address", "companySize", -3, "firstName", "x".repeat(501)))
                .post("/leads")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo(TYPE + "invalid-request"))
                .body("errors.field", hasItems("source", "companySize", "firstName"));
        salesOps().contentType(ContentType.JSON).body(Map.of("email", "not-an-address", "source", "WEB"))
                .post("/leads")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors[0].field", equalTo("email"))
                .body("errors[0].detail", equalTo("not an e-mail address"));
        salesOps().contentType(ContentType.JSON).body(Map.of("source", "WEB"))
                .post("/leads")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors[0].field", equalTo("email"));
        salesOps().contentType(ContentType.JSON).body(Map.of("email", uniqueEmail("x"), "source", "CARRIER_PIGEON"))
                .post("/leads")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors[0].field", equalTo("source"))
                .body("errors[0].detail", containsString("TRADE_SHOW"));
        salesOps().contentType(ContentType.JSON).body(Map.of("email", uniqueEmail("x"), "source", "WEB",
                        "companySize", "many"))
                .post("/leads")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors[0].field", equalTo("companySize"));
    }

    @Test
    void activityProblemsNameTheField() {
        String id = createLead();
        salesOps().contentType(ContentType.JSON).body(Map.of("campaign", "c", "mood", "happy"))
                .post("/leads/" + id + "/activities")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", hasItems("type", "occurredAt", "mood"));
        salesOps().contentType(ContentType.JSON).body(Map.of("type", "CALL", "occurredAt", "yesterday"))
                .post("/leads/" + id + "/activities")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors[0].field", equalTo("occurredAt"));
        salesOps().contentType(ContentType.JSON).body(Map.of("type", "CALL", "occurredAt", "2099-01-01T00:00:00Z"))
                .post("/leads/" + id + "/activities")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors[0].field", equalTo("occurredAt"));
        salesOps().contentType(ContentType.JSON).body(Map.of("type", "CALL", "occurredAt", "2026-03-01T00:00:00Z",
                        "detail", Map.of("note", Map.of("nested", true))))
                .post("/leads/" + id + "/activities")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors[0].field", equalTo("detail/note"));
        salesOps().get("/leads/" + id).then().body("timeline.kind", not(hasItem("activity")));
    }

    @ParameterizedTest(name = "PATCH naming {0} is refused and stores nothing")
    @ValueSource(strings = {"stage", "score", "owner", "team", "id", "createdAt", "externalRefs"})
    void patchRefusesReadOnlyFieldsNamingThemAndStoresNothing(String field) {
        String id = createLead();
        String before = salesOps().get("/leads/" + id).then().statusCode(200).extract().asString();

        ValidatableResponse refused = salesOps().contentType("application/merge-patch+json")
                .body("{\"title\": \"Chief Everything\", \"" + field + "\": \"SQL\"}")
                .patch("/leads/" + id)
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo(TYPE + "invalid-request"))
                .body("errors[0].field", equalTo(field))
                .body("errors[0].detail", containsString(field + " is read-only"));
        if (field.equals("stage")) {
            refused.body("detail", containsString("stage changes only through the lifecycle"));
        }
        assertThat(salesOps().get("/leads/" + id).then().extract().asString()).isEqualTo(before);
    }

    @Test
    void patchRefusesUnknownFieldsAndWrongTypesNamingThem() {
        String id = createLead();
        salesOps().contentType("application/merge-patch+json")
                .body("{\"nickname\": \"Ace\", \"companySize\": \"big\", \"email\": 42, \"source\": \"webinar\"}")
                .patch("/leads/" + id)
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", hasItems("nickname", "companySize", "email", "source"))
                .body("errors.find { it.field == 'nickname' }.detail", containsString("unknown field"));
        salesOps().contentType("application/merge-patch+json").body("[{\"op\": \"replace\"}]")
                .patch("/leads/" + id)
                .then().statusCode(400).contentType(PROBLEM_JSON).body("type", equalTo(TYPE + "malformed-request"));
        salesOps().contentType("application/merge-patch+json").body("{\"title\": ")
                .patch("/leads/" + id)
                .then().statusCode(400).contentType(PROBLEM_JSON).body("type", equalTo(TYPE + "malformed-request"));
    }

    @Test
    void anInvalidIdempotencyKeyIsNamed() {
        salesOps().contentType(ContentType.JSON).header("Idempotency-Key", "has spaces in it")
                .body(Map.of("email", uniqueEmail("key"), "source", "WEB"))
                .post("/leads")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors[0].field", equalTo("Idempotency-Key"));
    }
}
