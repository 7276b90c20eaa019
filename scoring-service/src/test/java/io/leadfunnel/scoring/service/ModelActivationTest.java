package io.leadfunnel.scoring.service;

import com.mongodb.client.model.Filters;
import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.Topics;
import io.leadfunnel.scoring.ModelBodies;
import io.leadfunnel.scoring.ScoringTestProfile;
import io.leadfunnel.scoring.StoredLeads;
import io.leadfunnel.scoring.TestClock;
import io.leadfunnel.scoring.domain.LeadScoringState;
import io.leadfunnel.scoring.domain.ScoringModel;
import io.leadfunnel.scoring.domain.ScoringProfile;
import io.leadfunnel.scoring.repository.LeadScoringRepository;
import io.leadfunnel.scoring.repository.ModelRepository;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.leadfunnel.scoring.LeadEvents.activity;
import static io.leadfunnel.scoring.LeadEvents.awaitLastScore;
import static io.leadfunnel.scoring.LeadEvents.awaitScores;
import static io.leadfunnel.scoring.LeadEvents.captured;
import static io.leadfunnel.scoring.LeadEvents.newLeadId;
import static io.leadfunnel.scoring.LeadEvents.send;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Activation re-scores every stored lead in the background while new events keep being scored. */
@QuarkusTest
@TestProfile(ScoringTestProfile.class)
class ModelActivationTest {

    static final int LEADS = 10_000;

    @InjectFunnelInfrastructure
    FunnelInfrastructure infra;

    @Inject
    TestClock clock;

    @Inject
    LeadScoringRepository states;

    @Inject
    ModelRepository models;

    @Inject
    ActiveModel activeModel;

    @Test
    void activation_rescores_ten_thousand_stored_leads_while_new_events_keep_being_scored() {
        int previouslyActive = models.activeVersion().orElseThrow();
        String prefix = "activation-" + UUID.randomUUID() + "-";
        try {
            // given 10,000 stored leads scored under the active model: every tenth a VP (fit 80), the rest fit 15
            Instant now = clock.instant();
            ScoringModel active = activeModel.current();
            ScoringProfile engineer = new ScoringProfile("Engineer", "Retail", "US", 30, "shop.example",
                    "shop.example");
            List<LeadScoringState> leads = new ArrayList<>(LEADS);
            for (int i = 0; i < LEADS; i++) {
                leads.add(StoredLeads.scored(prefix + i, i % 10 == 0 ? StoredLeads.VP : engineer, List.of(), now,
                        active, now));
            }
            StoredLeads.insert(states, leads, now);

            // and a draft in which VPs are worth 25 instead of 20
            Map<String, Object> draft = ModelBodies.defaultModel();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> fitRules = (List<Map<String, Object>>) draft.get("fitRules");
            fitRules.stream().filter(r -> "fit.seniority.vp".equals(r.get("id"))).forEach(r -> r.put("points", 25));
            int version = given().auth().oauth2(TestTokens.forRole("mia", "marketing")).contentType(ContentType.JSON)
                    .body(draft).when().post("/models").then().statusCode(201).extract().jsonPath().getInt("version");

            // when it is activated
            JsonPath accepted = given().auth().oauth2(TestTokens.forRole("ada", "admin"))
                    .when().post("/models/" + version + "/activate")
                    .then().statusCode(202).extract().jsonPath();
            assertThat(accepted.getString("status")).isEqualTo("running");
            assertThat(accepted.getLong("total")).isGreaterThanOrEqualTo(LEADS);

            // and a new lead arrives meanwhile, and one of the stored leads (not a VP) requests a demo
            String newcomer = newLeadId("during-activation");
            String stored = prefix + 1;
            send(infra, captured(newcomer, now), activity(newcomer, 2, ActivityType.DEMO_REQUESTED, now),
                    activity(stored, 2, ActivityType.DEMO_REQUESTED, now));

            // then the new lead is scored under the new model while the re-scoring is still running
            List<LeadScored> newcomerScores = awaitLastScore(infra, newcomer, s -> s.engagement() > 0);
            LeadScored newcomerScore = newcomerScores.get(newcomerScores.size() - 1);
            JsonPath during = progress(version);
            assertThat(newcomerScore.modelVersion()).isEqualTo(version);
            assertThat(newcomerScore.fit()).isEqualTo(85);
            assertThat(during.getString("status")).isEqualTo("running");
            assertThat(during.getLong("done")).isLessThan(during.getLong("total"));
            assertThat(during.getLong("remaining")).isPositive();

            // and the re-scoring finishes with every stored lead under the new model
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> "done".equals(progress(version).getString("status")));
            JsonPath finished = progress(version);
            assertThat(finished.getLong("done")).isGreaterThanOrEqualTo(LEADS);
            assertThat(finished.getLong("remaining")).isZero();
            assertThat(states.mongoCollection().countDocuments(Filters.and(
                    Filters.regex("_id", "^" + prefix), Filters.eq("modelVersion", version)))).isEqualTo(LEADS);

            // and only the 1,000 VPs, whose fit changed, got a LeadScored (80 -> 85), plus the stored lead's demo
            List<LeadScored> all = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> scoresWithPrefix(prefix), list -> list.size() >= LEADS / 10 + 1);
            assertThat(all).hasSize(LEADS / 10 + 1);
            List<LeadScored> demo = all.stream().filter(e -> e.leadId().equals(stored)).toList();
            assertThat(demo).singleElement().satisfies(scored -> {
                assertThat(scored.trigger()).isEqualTo("event");
                assertThat(scored.engagement()).isEqualTo(35);
                assertThat(scored.fit()).isEqualTo(15);
                assertThat(scored.modelVersion()).isEqualTo(version);
            });
            assertThat(states.findById(stored).activities).hasSize(1);
            List<LeadScored> rescored = all.stream().filter(e -> !e.leadId().equals(stored)).toList();
            assertThat(rescored).hasSize(LEADS / 10).allSatisfy(scored -> {
                assertThat(scored.trigger()).isEqualTo("model-change");
                assertThat(scored.fit()).isEqualTo(85);
                assertThat(scored.previousFit()).isEqualTo(80);
                assertThat(scored.modelVersion()).isEqualTo(version);
            });
            assertThat(rescored).extracting(LeadScored::leadId).doesNotHaveDuplicates()
                    .allMatch(id -> Integer.parseInt(id.substring(prefix.length())) % 10 == 0);

            // activating it again is a conflict
            given().auth().oauth2(TestTokens.forRole("ada", "admin")).when().post("/models/" + version + "/activate")
                    .then().statusCode(409);
        } finally {
            // leave the model the other test classes expect active (without re-scoring the leads again)
            models.pointActiveTo(previouslyActive);
            activeModel.reload();
        }
    }

    private List<LeadScored> scoresWithPrefix(String prefix) {
        return infra.topicReader().readAllEvents(Topics.LEAD_SCORES, Duration.ofSeconds(30)).stream()
                .filter(e -> e instanceof LeadScored && e.leadId().startsWith(prefix))
                .map(LeadScored.class::cast).toList();
    }

    private static JsonPath progress(int version) {
        return given().auth().oauth2(TestTokens.forRole("sam", "sales")).when()
                .get("/models/" + version + "/rescoring").then().statusCode(200).extract().jsonPath();
    }
}
