package io.leadfunnel.scoring.service;

import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.Topics;
import io.leadfunnel.scoring.ModelBodies;
import io.leadfunnel.scoring.ScoringTestProfile;
import io.leadfunnel.scoring.StoredLeads;
import io.leadfunnel.scoring.TestClock;
import io.leadfunnel.scoring.domain.LeadScoringState;
import io.leadfunnel.scoring.domain.ScoringModel;
import io.leadfunnel.scoring.repository.LeadScoringRepository;
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

import static io.leadfunnel.scoring.LeadEvents.newLeadId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Preview scores the current leads under a draft without publishing or storing anything. */
@QuarkusTest
@TestProfile(ScoringTestProfile.class)
class ModelPreviewTest {

    @InjectFunnelInfrastructure
    FunnelInfrastructure infra;

    @Inject
    TestClock clock;

    @Inject
    LeadScoringRepository states;

    @Inject
    ActiveModel activeModel;

    @Test
    void a_stricter_model_reports_the_leads_that_would_fall_below_the_threshold_and_publishes_nothing() {
        // given three leads above the MQL threshold of 60 (fit 80 + a demo request a day ago: total 62)
        // and one below it (fit 80, no activity: total 48)
        Instant now = clock.instant();
        ScoringModel active = activeModel.current();
        List<LeadScoringState> leads = new ArrayList<>();
        List<String> above = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = newLeadId("preview-above");
            above.add(id);
            leads.add(StoredLeads.scored(id, StoredLeads.VP, List.of(ActivityType.DEMO_REQUESTED),
                    now.minus(Duration.ofDays(1)), active, now));
        }
        String below = newLeadId("preview-below");
        leads.add(StoredLeads.scored(below, StoredLeads.VP, List.of(), now, active, now));
        StoredLeads.insert(states, leads, now);
        assertThat(leads.get(0).score().orElseThrow().total()).isEqualTo(62);

        // and a stricter draft: a demo request is worth 20 instead of 35
        Map<String, Object> stricter = ModelBodies.defaultModel();
        stricter.put("activityRules", Map.of("DEMO_REQUESTED", Map.of("points", 20, "cap", 40)));
        int version = given().auth().oauth2(TestTokens.forRole("mia", "marketing")).contentType(ContentType.JSON)
                .body(stricter).when().post("/models").then().statusCode(201).extract().jsonPath().getInt("version");

        // when it is previewed
        JsonPath preview = given().auth().oauth2(TestTokens.forRole("mia", "marketing"))
                .when().post("/models/" + version + "/preview")
                .then().statusCode(200).extract().jsonPath();

        // then our three leads fall below 60 (engagement 19.5 -> 20: total 56) and the fourth does not move
        assertThat(preview.getInt("mqlThreshold")).isEqualTo(60);
        assertThat(preview.getList("fellBelow", String.class)).containsAll(above).doesNotContain(below);
        assertThat(preview.getLong("crossedDown")).isGreaterThanOrEqualTo(3);
        assertThat(preview.getLong("before.atOrAboveThreshold") - preview.getLong("after.atOrAboveThreshold"))
                .isEqualTo(preview.getLong("crossedDown") - preview.getLong("crossedUp"));
        assertThat(preview.getLong("leads")).isGreaterThanOrEqualTo(4);
        assertThat(preview.getInt("activeVersion")).isEqualTo(active.version());
        // a lower threshold given with the request: they stay above 50
        JsonPath at50 = given().auth().oauth2(TestTokens.forRole("ada", "admin"))
                .queryParam("mqlThreshold", 50).when().post("/models/" + version + "/preview")
                .then().statusCode(200).extract().jsonPath();
        assertThat(at50.getList("fellBelow", String.class)).doesNotContainAnyElementsOf(above);

        // and nothing was published or stored: the leads keep their scores from the active model
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> infra.topicReader().readAllEvents(Topics.LEAD_SCORES, Duration.ofSeconds(20)).stream()
                        .noneMatch(event -> above.contains(event.leadId())));
        for (String id : above) {
            assertThat(states.findById(id).modelVersion).isEqualTo(active.version());
            assertThat(states.findById(id).score.total).isEqualTo(62);
        }
        // sales may read models but not preview them
        given().auth().oauth2(TestTokens.forRole("sam", "sales")).when().post("/models/" + version + "/preview")
                .then().statusCode(403);
    }
}
