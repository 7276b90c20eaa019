package io.leadfunnel.scoring.domain;

import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.ScoreReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The worked example of the README, number for number. */
class WorkedExampleTest {

    static final Instant NOW = Instant.parse("2026-03-04T08:45:00Z");

    static ScoringProfile profile() {
        return new ScoringProfile("VP Operations", "Manufacturing", "DE", 450, "acme-robotics.example",
                "acme-robotics.example");
    }

    static List<Activity> activities() {
        List<Activity> list = new ArrayList<>();
        list.add(activity("demo-1", ActivityType.DEMO_REQUESTED, 0));
        list.add(activity("demo-2", ActivityType.DEMO_REQUESTED, 30));
        list.add(activity("webinar-1", ActivityType.WEBINAR_ATTENDED, 30));
        list.add(activity("pricing-1", ActivityType.PRICING_PAGE_VIEW, 15));
        list.add(activity("pricing-2", ActivityType.PRICING_PAGE_VIEW, 15));
        for (int i = 1; i <= 6; i++) {
            list.add(activity("click-" + i, ActivityType.EMAIL_CLICK, 60));
        }
        list.add(activity("page-1", ActivityType.PAGE_VIEW, 200));
        return list;
    }

    static Activity activity(String id, ActivityType type, int daysAgo) {
        return new Activity(id, "event-" + id, type, NOW.minus(Duration.ofDays(daysAgo)));
    }

    @Test
    void the_readme_example_scores_exactly_as_documented() {
        // given the default model, the README's profile and activities, and the clock at 2026-03-04T08:45:00Z
        ScoringModel model = DefaultModel.create();

        // when it is scored
        Score score = ScoreCalculator.score(model, profile(), activities(), NOW);

        // then
        assertThat(score.fit()).isEqualTo(80);
        assertThat(score.rawEngagement()).isCloseTo(63.642, org.assertj.core.data.Offset.offset(0.001));
        assertThat(score.engagement()).isEqualTo(64);
        assertThat(score.total()).isEqualTo(74);
        assertThat(score.grade()).isEqualTo("A");
        assertThat(score.modelVersion()).isEqualTo(1);
        assertThat(score.reasons()).extracting(ScoreReason::rule, ScoreReason::points).containsExactly(
                org.assertj.core.groups.Tuple.tuple("fit.industry", 25.0),
                org.assertj.core.groups.Tuple.tuple("fit.companySize.201-1000", 25.0),
                org.assertj.core.groups.Tuple.tuple("fit.seniority.vp", 20.0),
                org.assertj.core.groups.Tuple.tuple("fit.country", 10.0),
                org.assertj.core.groups.Tuple.tuple("engagement.EMAIL_CLICK", 4.5),
                org.assertj.core.groups.Tuple.tuple("engagement.PRICING_PAGE_VIEW", 14.14),
                org.assertj.core.groups.Tuple.tuple("engagement.WEBINAR_ATTENDED", 5.0),
                org.assertj.core.groups.Tuple.tuple("engagement.DEMO_REQUESTED", 40.0));
        assertThat(score.reasons()).extracting(ScoreReason::detail)
                .contains("title contains \"vp\"", "1 x WEBINAR_ATTENDED, decayed with half-life 30 d",
                        "2 x DEMO_REQUESTED, decayed with half-life 30 d, capped at 40")
                .noneMatch(detail -> detail.contains("VP Operations") || detail.contains("acme"));
    }
}
