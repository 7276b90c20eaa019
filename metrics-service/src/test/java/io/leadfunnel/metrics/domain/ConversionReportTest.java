package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.aggregate.CountedFacts;
import io.leadfunnel.metrics.scenario.Events;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConversionReportTest {

    static final Instant MON1 = Instant.parse("2026-09-07T00:00:00Z");
    static final Instant MON2 = MON1.plus(Duration.ofDays(7));

    static LeadFact lead(String id, Instant captured, Instant mql) {
        Events e = Events.lead(id).captured(captured, Events.profile(LeadSource.WEB, null, LeadOrigin.MARKETING, 10, "x"));
        if (mql != null) {
            e.stage(mql, Stage.MQL);
        }
        return LeadRecord.of(id, e.events()).fact();
    }

    @Test
    void givenLeadsAcrossStages_whenComputed_thenNextStepAndCumulativeRatesComeFromCounts() {
        List<LeadFact> facts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            facts.add(lead("a" + i, MON1.plusSeconds(i), i < 2 ? MON1.plusSeconds(3600) : null));
        }
        facts.add(LeadRecord.of("w", Events.lead("w").captured(MON1, Events.profile(LeadSource.REFERRAL, null,
                        LeadOrigin.SALES, 10, "x")).stage(MON1.plusSeconds(60), Stage.SAL)
                .won(MON1.plusSeconds(120), "100").events()).fact());

        ConversionReport report = ConversionReport.compute(CountedFacts.of(facts), Period.ALL, MON2, Dimension.ORIGIN, null,
                Duration.ofDays(7));

        assertThat(report.stages()).extracting(ConversionReport.StageRow::reached).containsExactly(5L, 3L, 1L, 1L, 1L);
        assertThat(report.stages().get(1).nextStep()).isEqualTo(Ratio.of(3, 5));
        assertThat(report.stages().get(2).nextStep()).isEqualTo(Ratio.of(1, 3));
        assertThat(report.stages().get(2).cumulative().rate()).isEqualByComparingTo("0.2");
        assertThat(report.leadToWon()).isEqualTo(Ratio.of(1, 5));
        assertThat(report.groups()).extracting(ConversionReport.Group::value).containsExactly("marketing", "sales");
        assertThat(report.status()).isEqualTo(new LeadStatusCounts(2, 2, 1, 0));
    }

    @Test
    void givenConversionThatLagsBehindVolume_whenComputed_thenCohortConversionAndFlowRatioDiffer() {
        // week 1: 2 leads, both become MQL in week 2; week 2: 8 leads, none MQL yet
        List<LeadFact> facts = new ArrayList<>();
        facts.add(lead("c1", MON1.plus(Duration.ofDays(1)), MON2.plusSeconds(10)));
        facts.add(lead("c2", MON1.plus(Duration.ofDays(1)).plusSeconds(1), MON2.plusSeconds(20)));
        for (int i = 0; i < 8; i++) {
            facts.add(lead("d" + i, MON2.plus(Duration.ofDays(1)).plusSeconds(i), null));
        }
        Instant asOf = MON2.plus(Duration.ofDays(10));

        ConversionReport report = ConversionReport.compute(CountedFacts.of(facts), new Period(MON1, MON2.plus(Duration.ofDays(7))),
                asOf, null, Bucket.WEEK, Duration.ofDays(7));

        ConversionReport.CohortConversion cohort = report.cohortConversion().get(0);
        ConversionReport.FlowRatio flow = report.flowRatio().get(0);
        assertThat(cohort.kind()).isEqualTo("cohort-conversion");
        assertThat(flow.kind()).isEqualTo("flow-ratio");
        assertThat(cohort.cohorts()).extracting(ConversionReport.CohortRow::conversion)
                .containsExactly(Ratio.of(2, 2), Ratio.of(0, 8));
        assertThat(flow.buckets()).extracting(ConversionReport.FlowRow::ratio)
                .containsExactly(Ratio.of(0, 2), Ratio.of(2, 8));
        // week 1's window ended at MON2+7d <= asOf; week 2's ends at MON2+14d > asOf
        assertThat(cohort.cohorts()).extracting(ConversionReport.CohortRow::mature).containsExactly(true, false);
    }

    @Test
    void givenWeeks_whenBucketed_thenBucketsStartOnMondayUtc() {
        assertThat(Bucket.WEEK.start(Instant.parse("2026-09-13T23:59:59Z"))).isEqualTo(MON1);
        assertThat(Bucket.MONTH.next(Bucket.MONTH.start(MON1))).isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
        assertThat(Bucket.DAY.start(Instant.parse("2026-09-08T13:00:00Z"))).isEqualTo(Instant.parse("2026-09-08T00:00:00Z"));
    }

    @Test
    void givenDurations_whenSummarised_thenPercentilesAreNearestRank() {
        DurationStats stats = DurationStats.of(List.of(Duration.ofSeconds(40), Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofSeconds(20)));

        assertThat(stats).isEqualTo(new DurationStats(4, 20L, 40L));
        assertThat(DurationStats.of(List.of())).isEqualTo(new DurationStats(0, null, null));
    }
}
