package io.leadfunnel.scoring.domain;

import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.ScoreReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScoreCalculatorTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    final ScoringModel model = DefaultModel.create();

    @Test
    void one_activity_counts_half_after_one_half_life() {
        // given one demo request (35 points) at T0
        List<Activity> demo = List.of(new Activity("d", "e", ActivityType.DEMO_REQUESTED, T0));

        // when scored at T0, after one half-life (30 days) and after two
        double fresh = ScoreCalculator.rawEngagement(model, demo, T0);
        double oneHalfLife = ScoreCalculator.rawEngagement(model, demo, T0.plus(Duration.ofDays(30)));
        double twoHalfLives = ScoreCalculator.rawEngagement(model, demo, T0.plus(Duration.ofDays(60)));

        // then
        assertThat(fresh).isEqualTo(35.0);
        assertThat(oneHalfLife).isCloseTo(17.5, within(1e-9));
        assertThat(twoHalfLives).isCloseTo(8.75, within(1e-9));
        assertThat(ScoreCalculator.score(model, ScoringProfile.EMPTY, demo, T0.plus(Duration.ofDays(30)))
                .engagement()).isEqualTo(18);
    }

    @Test
    void activities_leave_at_the_horizon_and_future_ones_count_as_fresh() {
        List<Activity> page = List.of(new Activity("p", "e", ActivityType.MEETING, T0));
        assertThat(ScoreCalculator.rawEngagement(model, page, T0.plus(Duration.ofDays(180)).minusSeconds(1)))
                .isGreaterThan(0);
        assertThat(ScoreCalculator.rawEngagement(model, page, T0.plus(Duration.ofDays(180)))).isZero();
        assertThat(ScoreCalculator.rawEngagement(model, page, T0.minus(Duration.ofDays(1)))).isEqualTo(20.0);
    }

    @Test
    void free_mail_and_competitor_domains_count_against_fit_which_never_drops_below_zero() {
        ScoringProfile freeMail = new ScoringProfile(null, null, "DE", null, null, "gmail.com");
        ScoringProfile competitor = new ScoringProfile("CEO", null, null, null, "rival-funnel.example",
                "rival-funnel.example");

        Score free = ScoreCalculator.score(model, freeMail, List.of(), T0);
        Score rival = ScoreCalculator.score(model, competitor, List.of(), T0);

        assertThat(free.fit()).isZero();
        assertThat(free.reasons()).extracting(ScoreReason::rule).containsExactly("fit.country", "fit.freeMail");
        assertThat(free.reasons()).extracting(ScoreReason::detail).doesNotContain("gmail.com")
                .contains("emailDomain is in the rule's list");
        assertThat(rival.fit()).isZero();
        // one competitor rule only: the two share a group
        assertThat(rival.reasons()).extracting(ScoreReason::rule)
                .containsExactly("fit.seniority.c-level", "fit.competitor.company");
        assertThat(free.grade()).isEqualTo("D");
    }

    @Test
    void seniority_keywords_match_whole_words_and_the_first_level_of_the_group_wins() {
        assertThat(fitRules("Director of Sales")).containsExactly("fit.seniority.director");
        assertThat(fitRules("Chief Revenue Officer and Head of Sales")).containsExactly("fit.seniority.c-level");
        assertThat(fitRules("Senior Vice President, Marketing")).containsExactly("fit.seniority.vp");
        assertThat(fitRules("Head of IT")).containsExactly("fit.seniority.head");
        assertThat(fitRules("Developer")).isEmpty();
    }

    @Test
    void a_keyword_matches_only_where_no_letter_or_number_of_any_script_touches_it() {
        // the rule as a pattern: no letter (L) or number (N) right before or after the keyword
        String[][] cases = {
                {"director of sales", "cto"}, {"cto", "cto"}, {"the cto, and the ceo", "cto"}, {"cto2", "cto"},
                {"2cto", "cto"}, {"ctox cto", "cto"}, {"ctoxcto", "cto"}, {"svp marketing", "vp"},
                {"vp-sales", "vp"}, {"\u00e4rzte", "rzte"}, {"c++ developer", "c++"}, {"head of it", "head of"},
                {"\u216bcto", "cto"}, {"cto\u00b2", "cto"}, {"\u2013cto\u2013", "cto"},
                {"cto", "  CTO "}, {"anything", "   "}, {"", "cto"}};
        for (String[] c : cases) {
            String k = c[1].trim().toLowerCase(java.util.Locale.ROOT);
            boolean byPattern = !k.isEmpty() && java.util.regex.Pattern.compile(
                    "(?<![\\p{L}\\p{N}])" + java.util.regex.Pattern.quote(k) + "(?![\\p{L}\\p{N}])")
                    .matcher(c[0]).find();
            assertThat(ScoreCalculator.containsWord(c[0], c[1])).as("\"%s\" in \"%s\"", c[1], c[0])
                    .isEqualTo(byPattern);
        }
        assertThat(ScoreCalculator.containsWord("the cto, and the ceo", "cto")).isTrue();
        assertThat(ScoreCalculator.containsWord("director of sales", "cto")).isFalse();
        assertThat(ScoreCalculator.containsWord("ctoxcto", "cto")).isFalse();
        assertThat(ScoreCalculator.containsWord("ctox cto", "cto")).isTrue();
        assertThat(ScoreCalculator.containsWord("\u00e4rzte", "rzte")).isFalse();
        // a letter outside the Basic Multilingual Plane is a letter too (a pattern's look-behind saw half of it)
        assertThat(ScoreCalculator.containsWord("\ud835\udc9ccto", "cto")).isFalse();
        assertThat(ScoreCalculator.containsWord("cto\ud835\udc9c", "cto")).isFalse();
    }

    @Test
    void total_is_the_weighted_average_of_rounded_fit_and_engagement_and_grade_may_follow_the_total() {
        assertThat(model.totalOf(80, 45)).isEqualTo(66);
        assertThat(model.totalOf(0, 100)).isEqualTo(40);
        ScoringModel byTotal = new ScoringModel(2, null, model.fitRules(), model.activityRules(), 30d, 180d, 0.6,
                0.4, ScoringModel.BASIS_TOTAL, model.gradeBands(), 60);
        assertThat(model.gradeOf(80, 40)).isEqualTo("A");
        assertThat(byTotal.gradeOf(80, 40)).isEqualTo("C");
    }

    private List<String> fitRules(String title) {
        ScoringProfile profile = new ScoringProfile(title, null, null, null, null, null);
        return ScoreCalculator.score(model, profile, List.of(), T0).reasons().stream().map(ScoreReason::rule).toList();
    }
}
