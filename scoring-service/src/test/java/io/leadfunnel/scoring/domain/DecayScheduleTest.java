package io.leadfunnel.scoring.domain;

import io.leadfunnel.events.ActivityType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DecayScheduleTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    final ScoringModel model = DefaultModel.create();
    final ScoringProfile vp = new ScoringProfile("VP Sales", "Software", "DE", 450, null, null);

    @Test
    void the_next_evaluation_is_the_first_second_at_which_the_rounded_engagement_drops() {
        // given one fresh demo request: engagement 35
        List<Activity> demo = List.of(new Activity("d", "e", ActivityType.DEMO_REQUESTED, T0));
        Score now = ScoreCalculator.score(model, ScoringProfile.EMPTY, demo, T0);

        // when the next evaluation is scheduled
        Instant next = DecaySchedule.nextEvaluation(model, demo, now, T0, 1).orElseThrow();

        // then it is when 35 x 0.5^(t/30 d) falls below 34.5: t = 30 d x log2(35/34.5), about 0.432 days
        double expectedDays = 30 * Math.log(35 / 34.5) / Math.log(2);
        assertThat(Duration.between(T0, next).getSeconds()).isCloseTo(Math.round(expectedDays * 86_400),
                org.assertj.core.data.Offset.offset(1L));
        assertThat(ScoreCalculator.score(model, ScoringProfile.EMPTY, demo, next).engagement()).isEqualTo(34);
        assertThat(ScoreCalculator.score(model, ScoringProfile.EMPTY, demo, next.minusSeconds(1)).engagement())
                .isEqualTo(35);
    }

    @Test
    void with_a_coarse_step_it_still_wakes_up_exactly_where_the_total_crosses_the_mql_threshold() {
        // given fit 80 and a demo request 40 days ago: engagement 14 -> total 54, under the threshold of 60;
        // and fresh ones: engagement 35 -> total 62, above it
        List<Activity> demo = List.of(new Activity("d", "e", ActivityType.DEMO_REQUESTED, T0));
        Score now = ScoreCalculator.score(model, vp, demo, T0);
        assertThat(now.fit()).isEqualTo(80);
        assertThat(now.total()).isEqualTo(62);

        // when scheduled with a step of 10 points
        Instant next = DecaySchedule.nextEvaluation(model, demo, now, T0, 10).orElseThrow();

        // then it wakes up when the total first falls below 60 (engagement 29: total 59.6 -> 60 still; 28 -> 59)
        Score then = ScoreCalculator.score(model, vp, demo, next);
        assertThat(then.total()).isEqualTo(59);
        assertThat(then.engagement()).isEqualTo(28);
        assertThat(ScoreCalculator.score(model, vp, demo, next.minusSeconds(1)).total()).isEqualTo(60);
    }

    @Test
    void nothing_is_scheduled_without_engagement_left_to_lose() {
        Score none = ScoreCalculator.score(model, vp, List.of(), T0);
        assertThat(DecaySchedule.nextEvaluation(model, List.of(), none, T0, 1)).isEmpty();
    }

    @Test
    void the_last_change_is_when_the_newest_activity_leaves_the_horizon() {
        // an e-mail open is worth 1 point: it rounds to 0 once below 0.5, after exactly one half-life
        List<Activity> open = List.of(new Activity("o", "e", ActivityType.EMAIL_OPEN, T0));
        Score now = ScoreCalculator.score(model, ScoringProfile.EMPTY, open, T0);
        Instant next = DecaySchedule.nextEvaluation(model, open, now, T0, 1).orElseThrow();
        assertThat(Duration.between(T0, next)).isBetween(Duration.ofDays(30), Duration.ofDays(30).plusSeconds(1));
    }
}
