package io.leadfunnel.scoring.rest;

import io.leadfunnel.scoring.ModelBodies;
import io.leadfunnel.scoring.ScoringTestProfile;
import io.leadfunnel.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

@QuarkusTest
@TestProfile(ScoringTestProfile.class)
class ModelResourceTest {

    static String token(String role) {
        return TestTokens.forRole("user-" + role, role);
    }

    @Test
    void readers_see_the_seeded_default_model_as_version_one() {
        for (String role : List.of("sales", "sales-ops", "metrics-reader", "marketing", "admin")) {
            given().auth().oauth2(token(role)).when().get("/models/1")
                    .then().statusCode(200)
                    .body("version", is(1))
                    .body("fitWeight", is(0.6f))
                    .body("gradeBands.grade", org.hamcrest.Matchers.contains("A", "B", "C", "D"))
                    .body("activityRules.DEMO_REQUESTED.points", is(35.0f));
        }
        given().auth().oauth2(token("sales")).when().get("/models")
                .then().statusCode(200).body("version", hasItem(1));
        given().auth().oauth2(token("sales")).when().get("/models/active")
                .then().statusCode(200).body("status", is("ACTIVE"));
    }

    @Test
    void only_marketing_and_admin_create_models_and_everyone_needs_a_token() {
        given().when().get("/models").then().statusCode(401);
        given().auth().oauth2(token("sales")).contentType(ContentType.JSON).body(ModelBodies.defaultModel())
                .when().post("/models").then().statusCode(403);
        given().auth().oauth2(token("sales-ops")).contentType(ContentType.JSON).body(ModelBodies.defaultModel())
                .when().post("/models").then().statusCode(403);
    }

    @Test
    void a_valid_draft_is_stored_under_a_new_version() {
        Map<String, Object> body = ModelBodies.defaultModel();
        body.put("description", "same rules, a shorter half-life");
        body.put("halfLifeDays", 14);

        io.restassured.response.ExtractableResponse<io.restassured.response.Response> created =
                given().auth().oauth2(token("marketing")).contentType(ContentType.JSON).body(body)
                        .when().post("/models")
                        .then().statusCode(201)
                        .body("status", is("DRAFT"))
                        .body("createdBy", is("user-marketing"))
                        .body("version", greaterThan(1))
                        .extract();
        int version = created.jsonPath().getInt("version");
        org.assertj.core.api.Assertions.assertThat(created.header("Location")).endsWith("/models/" + version);

        given().auth().oauth2(token("sales")).when().get("/models/" + version)
                .then().statusCode(200).body("halfLifeDays", is(14.0f)).body("status", is("DRAFT"))
                .body("description", is("same rules, a shorter half-life"));
    }

    @Test
    void an_invalid_model_is_refused_with_422_naming_each_bad_field() {
        Map<String, Object> body = ModelBodies.defaultModel();
        body.put("halfLifeDays", 0);
        body.put("fitWeight", "BIG");
        body.put("gradeBands", List.of(Map.of("grade", "A", "minScore", 40), Map.of("grade", "B", "minScore", 70),
                Map.of("grade", "C", "minScore", 0)));
        body.put("activityRules", Map.of("CARRIER_PIGEON", Map.of("points", 5, "cap", 5)));
        body.put("fitRules", List.of(Map.of("id", "fit.shoe", "attribute", "shoeSize", "match", "in",
                "values", List.of("42"), "points", 5)));

        // 1e400 is valid JSON but reads as an infinite double
        String json = ModelBodies.json(body).replace("\"BIG\"", "1e400");

        given().auth().oauth2(token("admin")).contentType(ContentType.JSON).body(json)
                .when().post("/models")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", is("https://leadfunnel.io/problems/invalid-model"))
                .body("status", is(422))
                .body("errors.field", containsInAnyOrder("/halfLifeDays", "/fitWeight", "/gradeBands/1/minScore",
                        "/activityRules/CARRIER_PIGEON", "/fitRules/0/attribute"));
    }

    @Test
    void unreadable_bodies_and_unknown_versions_are_problems_too() {
        given().auth().oauth2(token("admin")).contentType(ContentType.JSON).body("{\"halfLifeDays\": \"soon\"}")
                .when().post("/models")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("/halfLifeDays"));
        given().auth().oauth2(token("admin")).when().get("/models/9999")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", is("https://leadfunnel.io/problems/not-found"));
    }
}
