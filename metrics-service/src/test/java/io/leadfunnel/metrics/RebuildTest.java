package io.leadfunnel.metrics;

import com.mongodb.client.MongoClient;
import io.leadfunnel.metrics.aggregate.AggregateStore;
import io.leadfunnel.metrics.scenario.ExpectedFigures;
import io.leadfunnel.metrics.scenario.GoldenFeed;
import io.leadfunnel.metrics.scenario.GoldenScenario;
import io.leadfunnel.metrics.service.FactService;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Acceptance 3: a rebuild replays the topics into a fresh store, switches over, and the figures are identical. */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class RebuildTest {

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    @Inject
    FactService facts;

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    static String allFigures() {
        return String.join("\n", ExpectedFigures.ENDPOINTS.stream()
                .map(e -> GoldenScenarioTest.funnel(e, "")).toList());
    }

    static JsonPath status() {
        return given().auth().oauth2(TestTokens.forRole("root", "admin"))
                .when().get("/admin/rebuild").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aRebuildFromTheTopicsGivesIdenticalFiguresInAFreshStore() {
        GoldenFeed.publishOnce(infrastructure);
        GoldenScenarioTest.awaitGoldenFigures();
        String before = allFigures();
        Map<String, Long> totalsBefore = facts.totals();
        String oldGeneration = facts.activeGeneration();

        String generation = given().auth().oauth2(TestTokens.forRole("root", "admin"))
                .when().post("/admin/rebuild")
                .then().statusCode(202).extract().jsonPath().getString("generation");

        await().atMost(Duration.ofSeconds(60)).until(() -> !"running".equals(status().getString("state")));
        JsonPath done = status();
        assertThat(done.getString("state")).isEqualTo("done");
        assertThat(done.getLong("records")).isGreaterThanOrEqualTo(GoldenScenario.events().size());
        assertThat(generation).isNotEqualTo(oldGeneration);
        assertThat(facts.activeGeneration()).isEqualTo(generation);
        assertThat(allFigures()).isEqualTo(before);
        // the rebuilt generation's aggregates are made from its leads: the same totals
        assertThat(facts.totals()).isEqualTo(totalsBefore).isNotEmpty();
        ExpectedFigures.assertAll(e -> GoldenScenarioTest.funnel(e, ""));
        // the replay folded its own logs before switching over: no query adds them from then on
        List<Document> replayLogs = new ArrayList<>();
        mongo.getDatabase(database).getCollection(generation + AggregateStore.LOG).find()
                .forEach(log -> {
                    if (log.getString("_id").startsWith("rebuild-")) {
                        replayLogs.add(log);
                    }
                });
        assertThat(replayLogs).as("the replay's logs").isNotEmpty()
                .allSatisfy(log -> assertThat(log.getList("entries", Document.class)).as(log.getString("_id"))
                        .isEmpty());
    }
}
