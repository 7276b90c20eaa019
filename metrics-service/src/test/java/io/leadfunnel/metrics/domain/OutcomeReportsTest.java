package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.aggregate.CountedFacts;
import io.leadfunnel.metrics.scenario.Events;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** SLA, drop-off, revenue and lift on a handful of leads. */
class OutcomeReportsTest {

    static final Instant T0 = Instant.parse("2026-09-07T09:00:00Z");
    static final Instant AS_OF = T0.plus(Duration.ofDays(30));

    static LeadFact fact(Events e) {
        return LeadRecord.of(e.leadId(), e.events()).fact();
    }

    static Events mql(String id, int size, LeadSource source) {
        return Events.lead(id).captured(T0, Events.profile(source, null, LeadOrigin.MARKETING, size, "x"))
                .stage(T0.plusSeconds(3600), Stage.MQL)
                .handoff(T0.plusSeconds(3600), "alice", "emea", Duration.ofHours(4));
    }

    final List<LeadFact> facts = List.of(
            // accepted after 3 minutes, won 1000
            fact(mql("a", 10, LeadSource.WEB).stage(T0.plusSeconds(3600 + 180), Stage.SAL)
                    .stage(T0.plus(Duration.ofDays(1)), Stage.SQL).won(T0.plus(Duration.ofDays(2)), "1000")),
            // rejected after 10 minutes
            fact(mql("b", 10, LeadSource.WEB).stage(T0.plusSeconds(3600 + 600), Stage.RECYCLED, "no-budget")),
            // accepted after 5 hours: SLA breach; lost
            fact(mql("c", 10, LeadSource.WEBINAR).breached(T0.plusSeconds(3600 * 5), T0.plusSeconds(3600 * 5))
                    .stage(T0.plusSeconds(3600 * 6), Stage.SAL).stage(T0.plus(Duration.ofDays(1)), Stage.SQL)
                    .lost(T0.plus(Duration.ofDays(3)), "competitor")),
            // never actioned: black hole
            fact(mql("d", 2000, LeadSource.WEBINAR)),
            // open SQL, enterprise
            fact(mql("e", 2000, LeadSource.WEB).stage(T0.plusSeconds(3600 + 1800), Stage.SAL)
                    .stage(T0.plus(Duration.ofDays(1)), Stage.SQL)));

    @Test
    void givenHandoffs_whenSlaComputed_thenComplianceBandsBreachesAndBlackHole() {
        SlaReport sla = SlaReport.compute(CountedFacts.of(facts), Period.ALL, AS_OF, Duration.ofDays(2), null).all();

        assertThat(sla.compliance()).isEqualTo(Ratio.of(3, 5));
        assertThat(sla.breachesByOwner()).containsEntry("alice", 1L).hasSize(1);
        assertThat(sla.speedToLead()).containsExactly(
                java.util.Map.entry("0-5m", 1L), java.util.Map.entry("5-15m", 1L), java.util.Map.entry("15-60m", 1L),
                java.util.Map.entry("over-60m", 1L), java.util.Map.entry("never", 1L));
        // accepted after 180 s, 1800 s and 18000 s
        assertThat(sla.timeToAccept()).isEqualTo(new DurationStats(3, 1800L, 18000L));
        assertThat(sla.blackHoleLeadIds()).containsExactly("d");
    }

    @Test
    void givenClosedAndOpenDeals_whenRevenueComputed_thenExpectedRevenueUsesWinRateAndAverageDeal() {
        RevenueReport revenue = RevenueReport.compute(CountedFacts.of(facts), Period.ALL, AS_OF, null);

        assertThat(revenue.overall().won()).isEqualTo(1);
        assertThat(revenue.overall().winRate()).isEqualTo(Ratio.of(1, 2));
        assertThat(revenue.overall().averageOrder()).isEqualByComparingTo("1000");
        // the enterprise segment closed nothing: 1 open SQL × 1/2 × 1000 from the overall basis
        RevenueReport.SegmentFigures enterprise = revenue.bySegment().get(2);
        assertThat(enterprise.segment()).isEqualTo("enterprise");
        assertThat(enterprise.basis()).isEqualTo("overall");
        assertThat(enterprise.figures().expectedRevenue()).isEqualByComparingTo(new BigDecimal("500.00"));
        assertThat(revenue.overall().expectedRevenue()).isEqualByComparingTo("500.00");
    }

    @Test
    void givenRejectionsAndLosses_whenDropOffComputed_thenReasonsBySourceAndStuckLeads() {
        DropOffReport dropOff = DropOffReport.compute(CountedFacts.of(facts), Period.ALL, AS_OF, Duration.ofDays(14), null)
                .all();

        assertThat(dropOff.rejectionsBySource()).containsEntry("web", java.util.Map.of("no-budget", 1L));
        assertThat(dropOff.lossReasons()).containsEntry("competitor", 1L);
        assertThat(dropOff.exitsAfterStage()).containsEntry(Stage.SQL, 1L).containsEntry(Stage.MQL, 1L);
        assertThat(dropOff.stuck()).filteredOn(s -> s.stage() == Stage.SQL).singleElement()
                .satisfies(s -> assertThat(s.leadIds()).containsExactly("e"));
    }

    @Test
    void givenSources_whenLiftComputed_thenEachRateIsComparedWithTheOverallRate() {
        LiftReport lift = LiftReport.compute(CountedFacts.of(facts), Period.ALL, Stage.SQL, LiftReport.DIMENSIONS);

        assertThat(lift.overall()).isEqualTo(Ratio.of(3, 5));
        LiftReport.DimensionLift source = lift.dimensions().get(0);
        assertThat(source.dimension()).isEqualTo("source");
        // web 2/3 over 3/5 = 10/9; webinar 1/2 over 3/5 = 5/6
        assertThat(source.values()).extracting(LiftReport.ValueLift::lift)
                .containsExactly(new BigDecimal("1.1111"), new BigDecimal("0.8333"));
    }

    @Test
    void givenConverters_whenVelocityComputed_thenOnlyLeadsThatMovedOnCount() {
        VelocityReport velocity = VelocityReport.compute(CountedFacts.of(facts), Period.ALL, null).all();

        assertThat(velocity.stages().get(1).timeInStage().count()).isEqualTo(3);
        assertThat(velocity.leadToWon()).isEqualTo(new DurationStats(1, Duration.ofDays(2).getSeconds(),
                Duration.ofDays(2).getSeconds()));
    }
}
