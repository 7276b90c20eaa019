package io.leadfunnel.scoring.rest;

import io.leadfunnel.events.ActivityType;
import io.leadfunnel.scoring.ScoringTestProfile;
import io.leadfunnel.scoring.TestClock;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.leadfunnel.scoring.LeadEvents.activity;
import static io.leadfunnel.scoring.LeadEvents.awaitLastScore;
import static io.leadfunnel.scoring.LeadEvents.captured;
import static io.leadfunnel.scoring.LeadEvents.newLeadId;
import static io.leadfunnel.scoring.LeadEvents.send;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@TestProfile(ScoringTestProfile.class)
class ScoreResourceTest {

    @InjectFunnelInfrastructure
    FunnelInfrastructure infra;

    @Inject
    TestClock clock;

    @Test
    void a_scored_lead_shows_its_scores_with_the_reasons() {
        String leadId = newLeadId("rest");
        Instant now = clock.instant();
        send(infra, captured(leadId, now), activity(leadId, 2, ActivityType.DEMO_REQUESTED, now));
        awaitLastScore(infra, leadId, s -> s.engagement() == 35);

        given().auth().oauth2(TestTokens.forRole("sam", "sales")).when().get("/scores/" + leadId)
                .then().statusCode(200)
                .body("fit", is(80)).body("engagement", is(35)).body("total", is(62)).body("grade", is("A"))
                .body("reasons.rule", hasItems("fit.industry", "fit.seniority.vp", "engagement.DEMO_REQUESTED"))
                .body("reasons.find { it.rule == 'fit.seniority.vp' }.detail", is("title contains \"vp\""))
                .body("nextEvaluationAt", notNullValue());
    }

    @Test
    void an_unknown_lead_is_a_404_problem() {
        given().auth().oauth2(TestTokens.forRole("mo", "metrics-reader")).when().get("/scores/nobody")
                .then().statusCode(404).contentType("application/problem+json");
        given().when().get("/scores/nobody").then().statusCode(401);
    }
}
