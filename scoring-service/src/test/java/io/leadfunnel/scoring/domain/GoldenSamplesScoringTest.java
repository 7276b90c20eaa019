package io.leadfunnel.scoring.domain;

import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.GoldenSamples;
import io.leadfunnel.events.LeadActivityRecorded;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.ScoreReason;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract's golden samples, read as lead-service publishes them, scored as the golden LeadScored shows. */
class GoldenSamplesScoringTest {

    @Test
    void the_golden_lead_and_its_activities_score_as_the_golden_lead_scored() {
        // given the golden LeadCaptured and LeadActivityRecorded (a demo request), and a webinar attended with it
        LeadCaptured captured = GoldenSamples.event(LeadCaptured.class);
        LeadActivityRecorded demo = GoldenSamples.event(LeadActivityRecorded.class);
        LeadActivityRecorded webinar = new LeadActivityRecorded(UUID.randomUUID(), demo.leadId(), demo.occurredAt(),
                1, "lead-service", 4, "act-webinar", ActivityType.WEBINAR_ATTENDED, null, Map.of(),
                demo.recordedAt());
        LeadScored golden = GoldenSamples.event(LeadScored.class);
        ScoringModel model = DefaultModel.create();
        LeadScoringState state = LeadScoringState.create(captured.leadId());

        // when they are applied and the lead is scored at the golden score's time
        state.apply(captured, model, golden.occurredAt());
        state.apply(demo, model, golden.occurredAt());
        state.apply(webinar, model, golden.occurredAt());
        LeadScored scored = state.rescore(model, golden.occurredAt(), LeadScoringState.TRIGGER_EVENT, 1)
                .orElseThrow();

        // then the values and reasons are the golden ones
        assertThat(scored.fit()).isEqualTo(golden.fit());
        assertThat(scored.engagement()).isEqualTo(golden.engagement());
        assertThat(scored.total()).isEqualTo(golden.total());
        assertThat(scored.grade()).isEqualTo(golden.grade());
        assertThat(scored.reasons()).extracting(ScoreReason::rule, ScoreReason::points)
                .containsExactlyInAnyOrderElementsOf(golden.reasons().stream()
                        .map(r -> org.assertj.core.groups.Tuple.tuple(r.rule(), r.points())).toList());
    }
}
