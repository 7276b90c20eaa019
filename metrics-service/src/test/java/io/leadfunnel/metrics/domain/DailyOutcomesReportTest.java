package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Actor;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.aggregate.CountedFacts;
import io.leadfunnel.metrics.scenario.Events;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static io.leadfunnel.metrics.domain.DailyConversionReportTest.BASE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drop-off and SLA from the daily counts and the open leads the store keeps must give what their definitions give
 * when every lead is looked at ({@link DropOffByLeads}, {@link SlaByLeads}), on generated leads spread over forty
 * days: for periods, instants of {@code asOf} on and off midnight (and on a due instant), thresholds, and groupings.
 */
class DailyOutcomesReportTest {

    private static final List<Period> PERIODS = List.of(Period.ALL,
            new Period(BASE.plus(Duration.ofDays(8)), BASE.plus(Duration.ofDays(23))),
            new Period(BASE.plus(Duration.ofDays(20)), null));
    private static final List<Instant> AS_OF = List.of(BASE.plus(Duration.ofDays(50)),
            BASE.plus(Duration.ofDays(21)).plus(Duration.ofMinutes(17 * 60 + 5)),
            BASE.plus(Duration.ofDays(12)).plus(Duration.ofHours(4)),
            BASE.plus(Duration.ofDays(15)));
    private static final Dimension[] GROUPINGS = {null, Dimension.OWNER, Dimension.SOURCE, Dimension.CAMPAIGN};

    @Test
    void givenGeneratedLeads_whenDropOffIsReportedFromTheAggregates_thenEveryFigureAndListIsTheDefinitions() {
        List<LeadFact> facts = new ArrayList<>(DailyConversionReportTest.generatedFacts(new Random(21)));
        facts.addAll(idleLeads(300));
        DailyCounts counts = CountedFacts.of(facts);
        long mostStuck = 0;
        long rejections = 0;
        for (Period period : PERIODS) {
            for (Instant asOf : AS_OF) {
                for (Duration stuckAfter : List.of(Duration.ofDays(14), Duration.ofHours(30).plusMinutes(7))) {
                    for (Dimension groupBy : GROUPINGS) {
                        Grouped<DropOffReport> report = DropOffReport.compute(counts, period, asOf, stuckAfter,
                                groupBy);
                        assertThat(report).as("%s as of %s after %s by %s", period, asOf, stuckAfter, groupBy)
                                .isEqualTo(DropOffByLeads.compute(facts, period, asOf, stuckAfter, groupBy));
                        for (DropOffReport.StuckStage stuck : report.all().stuck()) {
                            mostStuck = Math.max(mostStuck, stuck.count());
                        }
                        rejections += report.all().rejectionsBySource().size();
                    }
                }
            }
        }
        assertThat(mostStuck).as("more stuck leads in one stage than are listed").isGreaterThan(
                DropOffReport.LISTED_IDS);
        assertThat(rejections).as("rejections in the generated leads").isPositive();
    }

    /** Leads captured and left alone, three at a time at one instant (their ids decide their order). */
    private static List<LeadFact> idleLeads(int count) {
        return idle("idle-", count, 37, false);
    }

    /** Leads made MQL an hour after their capture and left there, three at a time at one instant. */
    private static List<LeadFact> idleMqls(int count) {
        return idle("mql-", count, 41, true);
    }

    private static List<LeadFact> idle(String prefix, int count, long minutesApart, boolean mql) {
        List<LeadFact> leads = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            String id = prefix + (count - n);
            Instant at = BASE.plus(Duration.ofMinutes(minutesApart * (n / 3)));
            List<FunnelEvent> events = new ArrayList<>();
            events.add(new LeadCaptured(UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)), id, at, 1,
                    "lead-service", 0, Events.profile(mql ? LeadSource.WEBINAR : LeadSource.WEB, "c" + n % 3,
                    LeadOrigin.MARKETING, 50, "i1"), null, "api"));
            if (mql) {
                events.add(new LeadStageChanged(UUID.nameUUIDFromBytes((id + "-mql").getBytes(StandardCharsets.UTF_8)),
                        id, at.plus(Duration.ofHours(1)), 1, "handoff-service", Stage.LEAD, Stage.MQL, 1, List.of(),
                        Actor.system("mql-evaluator"), null, null, "alice", "emea"));
            }
            leads.add(LeadRecord.of(id, events).fact());
        }
        return leads;
    }

    @Test
    void givenGeneratedLeads_whenSlaIsReportedFromTheAggregates_thenEveryFigureAndListIsTheDefinitions() {
        List<LeadFact> facts = new ArrayList<>(DailyConversionReportTest.generatedFacts(new Random(22)));
        facts.addAll(idleMqls(150));
        DailyCounts counts = CountedFacts.of(facts);
        long mostInTheBlackHole = 0;
        // asOf on a hand-off's due instant, so the one due then counts and the next does not
        Instant onADueTime = facts.stream().flatMap(f -> f.handoffs().stream()).map(Handoff::acceptDueAt)
                .filter(due -> due != null && due.isAfter(BASE.plus(Duration.ofDays(10)))).min(Instant::compareTo)
                .orElseThrow();
        long due = 0;
        long blackHole = 0;
        for (Period period : PERIODS) {
            for (Instant asOf : List.of(AS_OF.get(0), AS_OF.get(1), AS_OF.get(2), onADueTime)) {
                for (Duration blackHoleAfter : List.of(Duration.ofDays(2), Duration.ofMinutes(90))) {
                    for (Dimension groupBy : GROUPINGS) {
                        Grouped<SlaReport> report = SlaReport.compute(counts, period, asOf, blackHoleAfter, groupBy);
                        assertThat(report).as("%s as of %s after %s by %s", period, asOf, blackHoleAfter, groupBy)
                                .isEqualTo(SlaByLeads.compute(facts, period, asOf, blackHoleAfter, groupBy));
                        due += report.all().compliance().denominator();
                        blackHole += report.all().blackHole();
                        mostInTheBlackHole = Math.max(mostInTheBlackHole, report.all().blackHole());
                    }
                }
            }
        }
        assertThat(due).as("hand-offs due").isPositive();
        assertThat(blackHole).as("black-hole leads").isPositive();
        assertThat(mostInTheBlackHole).as("more in the black hole than are listed").isGreaterThan(
                SlaReport.LISTED_IDS);
        assertThat(facts.stream().filter(f -> f.currentStage() == Stage.MQL).count()).isPositive();
    }
}
