package io.leadfunnel.scoring.service;

import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import io.leadfunnel.scoring.ModelBodies;
import io.leadfunnel.scoring.ScoringTestProfile;
import io.leadfunnel.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.bson.BsonDocument;
import org.bson.codecs.configuration.CodecConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A re-scoring that meets a failure waiting cannot cure ends as {@code failed} with a short cause, instead of staying
 * {@code running} for ever, and activating the version again starts it anew. The failure: MongoDB refuses the write
 * of its progress ({@link RefusingModelRepository}).
 */
@QuarkusTest
@TestProfile(ScoringTestProfile.class)
class RescoringFailureTest {

    @Inject
    RefusingModelRepository models;

    @Inject
    ActiveModel activeModel;

    @Test
    void a_rescoring_stopped_by_a_refused_write_is_failed_with_its_cause_and_can_be_started_again() {
        int previouslyActive = models.activeVersion().orElseThrow();
        int version = given().auth().oauth2(TestTokens.forRole("mia", "marketing")).contentType(ContentType.JSON)
                .body(ModelBodies.json(ModelBodies.defaultModel())).when().post("/models")
                .then().statusCode(201).extract().jsonPath().getInt("version");
        try {
            // given the database refuses to store this version's re-scoring progress
            models.refuseProgressOf(version);

            // when the version is activated
            assertThat(activate(version, 202).getString("status")).isIn("running", "failed");

            // then its re-scoring ends as failed, with a short cause that quotes nothing the database said
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                    .until(() -> "failed".equals(progress(version).getString("status")));
            JsonPath failed = progress(version);
            assertThat(failed.getString("failure"))
                    .isEqualTo("stopped while recording its progress: the database refused the operation "
                            + "(MongoWriteException, code 121)")
                    .doesNotContain(RefusingModelRepository.QUOTED_VALUE);
            assertThat(failed.getString("finishedAt")).isNotNull();
            assertThat(activeModel.current().version()).as("the version stays active").isEqualTo(version);

            // when the database accepts the writes again and the version is activated again
            models.accept(version);
            JsonPath restarted = activate(version, 202);

            // then the re-scoring runs anew, and a second start meanwhile is refused as before
            assertThat(restarted.getString("status")).isIn("running", "done");
            assertThat(restarted.getString("failure")).isNull();
            activate(version, 409);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() -> {
                JsonPath now = progress(version);
                return "done".equals(now.getString("status"))
                        || "running".equals(now.getString("status")) && now.getLong("done") > 0;
            });
            assertThat(progress(version).getString("failure")).isNull();
        } finally {
            models.accept(version);
            // leave the model the other test classes expect active; the re-scoring of this one stops as superseded
            models.pointActiveTo(previouslyActive);
            activeModel.reload();
        }
    }

    @Test
    void the_cause_of_a_failure_names_its_kind_and_never_quotes_a_message() {
        MongoWriteException refused = new MongoWriteException(new WriteError(11000,
                "E11000 duplicate key error dup key: { email: \"" + RefusingModelRepository.QUOTED_VALUE + "\" }",
                new BsonDocument()), new ServerAddress());

        assertThat(ModelActivation.cause(new IllegalStateException("wrapped", refused)))
                .isEqualTo("the database refused the operation (MongoWriteException, code 11000)");
        assertThat(ModelActivation.cause(new CodecConfigurationException("Failed to decode 'LeadScoringDocument' "
                + RefusingModelRepository.QUOTED_VALUE)))
                .isEqualTo("a stored lead cannot be read (CodecConfigurationException)");
        assertThat(ModelActivation.cause(new IllegalArgumentException(RefusingModelRepository.QUOTED_VALUE)))
                .isEqualTo("unexpected IllegalArgumentException");
    }

    private static JsonPath activate(int version, int status) {
        return given().auth().oauth2(TestTokens.forRole("ada", "admin")).when()
                .post("/models/" + version + "/activate").then().statusCode(status).extract().jsonPath();
    }

    private static JsonPath progress(int version) {
        return given().auth().oauth2(TestTokens.forRole("sam", "sales")).when()
                .get("/models/" + version + "/rescoring").then().statusCode(200).extract().jsonPath();
    }
}
