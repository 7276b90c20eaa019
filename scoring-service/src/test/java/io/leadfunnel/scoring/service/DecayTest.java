package io.leadfunnel.scoring.service;

import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.runtime.store.DueTimeIndex;
import io.leadfunnel.scoring.ScoringTestProfile;
import io.leadfunnel.scoring.TestClock;
import io.leadfunnel.scoring.domain.DefaultModel;
import io.leadfunnel.scoring.domain.ScoringModel;
import io.leadfunnel.scoring.repository.LeadScoringRepository;
import io.leadfunnel.scoring.repository.ModelRepository;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.leadfunnel.scoring.LeadEvents.activity;
import static io.leadfunnel.scoring.LeadEvents.awaitLastScore;
import static io.leadfunnel.scoring.LeadEvents.awaitScores;
import static io.leadfunnel.scoring.LeadEvents.captured;
import static io.leadfunnel.scoring.LeadEvents.newLeadId;
import static io.leadfunnel.scoring.LeadEvents.scoresOf;
import static io.leadfunnel.scoring.LeadEvents.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scores fall with time alone: the decay scheduler re-scores a lead once its next evaluation time has passed, found in
 * memory for the times this instance wrote and by the pass's sweep of the store for the others.
 */
@QuarkusTest
@TestProfile(ScoringTestProfile.class)
class DecayTest {

    @InjectFunnelInfrastructure
    FunnelInfrastructure infra;

    @Inject
    TestClock clock;

    @Inject
    ModelRepository models;

    @Inject
    ActiveModel activeModel;

    @Inject
    LeadScoringRepository states;

    @Inject
    DueTimeIndex due;

    @Test
    void a_lead_whose_score_decays_across_a_grade_band_gets_a_new_score_without_any_new_activity() {
        int previouslyActive = models.activeVersion().orElseThrow();
        ScoringModel d = DefaultModel.create();
        ScoringModel gradedOnTotal = new ScoringModel(0, "grades follow the total", d.fitRules(), d.activityRules(),
                d.halfLifeDays(), d.horizonDays(), d.fitWeight(), d.engagementWeight(), ScoringModel.BASIS_TOTAL,
                d.gradeBands(), d.mqlThreshold());
        int version = models.insertDraft(gradedOnTotal, "decay-test", clock.instant()).version();
        models.pointActiveTo(version);
        activeModel.reload();
        try {
            // given a lead with fit 80 and a fresh demo request: engagement 35, total 62, grade B (A from 75)
            String leadId = newLeadId("decay");
            Instant now = clock.instant();
            send(infra, captured(leadId, now), activity(leadId, 2, ActivityType.DEMO_REQUESTED, now));
            List<LeadScored> scored = awaitLastScore(infra, leadId, s -> s.engagement() == 35);
            assertThat(scored.get(scored.size() - 1).total()).isEqualTo(62);
            assertThat(scored.get(scored.size() - 1).grade()).isEqualTo("B");
            Instant next = states.findById(leadId).nextEvaluationAt;
            assertThat(next).isAfter(now);
            // and the write told the pass's index, which is what the pass reads instead of querying the store
            assertThat(due.due(next, Integer.MAX_VALUE)).contains(leadId);

            // when 120 days pass (four half-lives) and nothing else happens
            clock.advance(Duration.ofDays(120));

            // then the scheduler re-scores it: engagement 35/16 -> 2, total 49, grade C
            List<LeadScored> decayed = awaitScores(infra, leadId, scored.size() + 1);
            LeadScored last = decayed.get(scored.size());
            assertThat(last.trigger()).isEqualTo("decay");
            assertThat(last.engagement()).isEqualTo(2);
            assertThat(last.total()).isEqualTo(49);
            assertThat(last.grade()).isEqualTo("C");
            assertThat(last.previousGrade()).isEqualTo("B");
            assertThat(last.previousTotal()).isEqualTo(62);
            assertThat(last.modelVersion()).isEqualTo(version);
            assertThat(states.findById(leadId).nextEvaluationAt).isAfter(clock.instant());
            // and nothing more until the next evaluation time
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20))
                    .until(() -> scoresOf(infra, leadId).size() == scored.size() + 1);
        } finally {
            models.pointActiveTo(previouslyActive);
            activeModel.reload();
        }
    }

    @Test
    void a_time_only_the_store_knows_is_found_by_the_next_sweep_and_decays() {
        // given a lead with a fresh demo request, scored under the default model
        String leadId = newLeadId("decay-swept");
        Instant now = clock.instant();
        send(infra, captured(leadId, now), activity(leadId, 2, ActivityType.DEMO_REQUESTED, now));
        List<LeadScored> scored = awaitLastScore(infra, leadId, s -> s.engagement() > 0);
        Instant next = states.findById(leadId).nextEvaluationAt;
        assertThat(next).isAfter(now);
        // as if another instance had stored it, or this one had restarted: the time is in MongoDB only
        due.set(leadId, null);
        assertThat(due.due(next, Integer.MAX_VALUE)).doesNotContain(leadId);

        // when its time passes
        clock.advance(Duration.between(now, next).plusDays(1));

        // then a sweep reads the stored time into the index and the lead is re-scored by decay
        List<LeadScored> decayed = awaitScores(infra, leadId, scored.size() + 1);
        assertThat(decayed.get(scored.size()).trigger()).isEqualTo("decay");
        assertThat(due.complete()).isTrue();
    }
}
