package io.leadfunnel.scoring.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PreviewTallyTest {

    static Score score(int total, String grade) {
        return new Score(0, 0, total, grade, 1, List.of(), 0);
    }

    @Test
    void counts_grade_changes_threshold_crossings_and_both_distributions() {
        // given a threshold of 60 and four leads
        PreviewTally tally = new PreviewTally(60, 10);

        // when they are compared under the active model and a stricter draft
        tally.add("falls", score(65, "A"), score(55, "B"));
        tally.add("stays-above", score(90, "A"), score(80, "A"));
        tally.add("rises", score(59, "B"), score(60, "B"));
        tally.add("stays-below", score(10, "D"), score(0, "D"));
        PreviewTally.Report report = tally.report();

        // then
        assertThat(report.leads()).isEqualTo(4);
        assertThat(report.gradeChanges()).isEqualTo(1);
        assertThat(report.gradeMoves()).isEqualTo(Map.of("A->B", 1L));
        assertThat(report.crossedDown()).isEqualTo(1);
        assertThat(report.fellBelow()).containsExactly("falls");
        assertThat(report.crossedUp()).isEqualTo(1);
        assertThat(report.roseAbove()).containsExactly("rises");
        assertThat(report.before().totals()).containsEntry("60-69", 1L).containsEntry("50-59", 1L)
                .containsEntry("90-100", 1L).containsEntry("10-19", 1L);
        assertThat(report.before().mean()).isEqualTo(56.0);
        assertThat(report.before().median()).isEqualTo(59);
        assertThat(report.before().atOrAboveThreshold()).isEqualTo(2);
        assertThat(report.after().totals()).containsEntry("0-9", 1L).containsEntry("80-89", 1L);
        assertThat(report.after().mean()).isEqualTo(48.75);
        assertThat(report.after().atOrAboveThreshold()).isEqualTo(2);
        assertThat(report.after().grades()).isEqualTo(Map.of("A", 1L, "B", 2L, "D", 1L));
    }

    @Test
    void an_empty_tally_has_no_mean() {
        assertThat(new PreviewTally(60, 10).report().before().mean()).isNull();
    }
}
