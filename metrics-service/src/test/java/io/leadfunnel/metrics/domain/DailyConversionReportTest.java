package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Actor;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.aggregate.CountedFacts;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Conversion, lift, revenue and velocity from the daily counts the store keeps must give what the definition gives when every
 * lead is looked at: checked against a plain reading of the definition on generated leads spread over forty days,
 * with stages entered in any order, re-entries, merges, closures and times on and off the hour.
 */
class DailyConversionReportTest {

    static final Instant BASE = Instant.parse("2026-08-31T00:00:00Z");
    static final Instant AS_OF = Instant.parse("2026-10-20T00:00:00Z");

    @Test
    void givenGeneratedLeads_whenReportedFromDailyCounts_thenEveryFigureIsTheDefinitions() {
        List<LeadFact> facts = generatedFacts(new Random(11));
        DailyCounts counts = CountedFacts.of(facts);
        List<Period> periods = List.of(Period.ALL, new Period(BASE.plus(Duration.ofDays(3)), null),
                new Period(null, BASE.plus(Duration.ofDays(20))),
                new Period(BASE.plus(Duration.ofDays(8)), BASE.plus(Duration.ofDays(23))));
        List<Duration> windows = List.of(Duration.ofHours(1), Duration.ofHours(7), Duration.ofHours(48),
                Duration.ofDays(3), Duration.ofDays(14));
        int compared = 0;
        for (Period period : periods) {
            for (Bucket bucket : Bucket.values()) {
                for (Duration window : windows) {
                    for (Dimension groupBy : new Dimension[] {null, Dimension.OWNER, Dimension.SOURCE,
                            Dimension.SCORE_BAND}) {
                        ConversionReport report = ConversionReport.compute(counts, period, AS_OF, groupBy, bucket,
                                window);
                        assertThat(figures(report))
                                .as("%s %s %s %s", period, bucket, window, groupBy)
                                .isEqualTo(expected(facts, period, bucket, window, groupBy));
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(4 * 3 * 5 * 4);
        ConversionReport week = ConversionReport.compute(counts, Period.ALL, AS_OF, null, Bucket.WEEK,
                Duration.ofDays(3));
        assertThat(week.stages()).as("every chain stage reached by some lead")
                .allSatisfy(row -> assertThat(row.reached()).isPositive());
        assertThat(week.cohortConversion()).as("every pair converted within the window in some week")
                .allSatisfy(c -> assertThat(c.cohorts().stream().mapToLong(row -> row.conversion().numerator()).sum())
                        .isPositive());
    }

    @Test
    void givenGeneratedLeads_whenLiftIsReportedFromDailyCounts_thenEveryRateIsTheDefinitions() {
        List<LeadFact> facts = generatedFacts(new Random(12));
        DailyCounts counts = CountedFacts.of(facts);
        List<Dimension> over = List.of(Dimension.SOURCE, Dimension.OWNER, Dimension.SCORE_BAND, Dimension.TEAM);
        for (Period period : List.of(Period.ALL, new Period(BASE.plus(Duration.ofDays(8)),
                BASE.plus(Duration.ofDays(23))))) {
            for (Stage target : List.of(Stage.MQL, Stage.SAL, Stage.SQL, Stage.WON)) {
                LiftReport lift = LiftReport.compute(counts, period, target, over);
                StringBuilder actual = new StringBuilder(lift.overall().toString());
                lift.dimensions().forEach(d -> d.values().forEach(v -> actual.append('\n').append(d.dimension())
                        .append(' ').append(v.value()).append(' ').append(v.conversion())));
                List<LeadFact> captured = facts.stream().filter(LeadFact::counts)
                        .filter(f -> period.contains(f.reachedAtOrNull(Stage.LEAD))).toList();
                StringBuilder expected = new StringBuilder(Ratio.of(
                        captured.stream().filter(f -> f.reached(target)).count(), captured.size()).toString());
                for (Dimension d : over) {
                    Map<String, long[]> values = new TreeMap<>();
                    captured.forEach(f -> {
                        long[] sum = values.computeIfAbsent(d.valueOf(f), v -> new long[2]);
                        sum[0]++;
                        sum[1] += f.reached(target) ? 1 : 0;
                    });
                    values.forEach((v, sum) -> expected.append('\n').append(d.param()).append(' ').append(v)
                            .append(' ').append(Ratio.of(sum[1], sum[0])));
                }
                assertThat(actual.toString()).as("%s to %s", period, target).isEqualTo(expected.toString());
            }
        }
    }

    @Test
    void givenGeneratedLeads_whenRevenueIsReportedFromDailyCounts_thenEveryFigureIsTheDefinitions() {
        List<LeadFact> facts = generatedFacts(new Random(14));
        DailyCounts counts = CountedFacts.of(facts);
        int deals = 0;
        for (Period period : List.of(Period.ALL, new Period(BASE.plus(Duration.ofDays(8)),
                BASE.plus(Duration.ofDays(23))))) {
            for (Dimension groupBy : new Dimension[] {null, Dimension.OWNER, Dimension.CAMPAIGN, Dimension.SEGMENT}) {
                RevenueReport report = RevenueReport.compute(counts, period, AS_OF, groupBy);
                assertThat(report).as("%s by %s", period, groupBy)
                        .isEqualTo(RevenueByLeads.compute(facts, period, AS_OF, groupBy));
                deals += (int) (report.overall().won() + report.overall().lost());
            }
        }
        assertThat(deals).as("deals closed in the generated leads").isPositive();
    }

    @Test
    void givenGeneratedLeads_whenVelocityIsReportedFromDailyCounts_thenEachFigureIsTheBinOfTheNearestRankValue() {
        List<LeadFact> facts = generatedFacts(new Random(13));
        DailyCounts counts = CountedFacts.of(facts);
        int durations = 0;
        for (Period period : List.of(Period.ALL, new Period(BASE.plus(Duration.ofDays(8)),
                BASE.plus(Duration.ofDays(23))))) {
            for (Dimension groupBy : new Dimension[] {null, Dimension.OWNER, Dimension.SOURCE}) {
                Grouped<VelocityReport> velocity = VelocityReport.compute(counts, period, groupBy);
                StringBuilder actual = new StringBuilder(velocity(velocity.all()));
                velocity.groups().forEach(g -> actual.append(g.value()).append(": ").append(velocity(g.report())));
                List<LeadFact> counting = facts.stream().filter(LeadFact::counts).toList();
                StringBuilder expected = new StringBuilder(velocity(counting, period));
                if (groupBy != null) {
                    Map<String, List<LeadFact>> values = new TreeMap<>();
                    counting.forEach(f -> values.computeIfAbsent(groupBy.valueOf(f), v -> new ArrayList<>()).add(f));
                    values.forEach((v, leads) -> expected.append(v).append(": ").append(velocity(leads, period)));
                }
                assertThat(actual.toString()).as("%s by %s", period, groupBy).isEqualTo(expected.toString());
                durations += velocity.all().stages().stream().mapToInt(s -> s.timeInStage().count()).sum();
            }
        }
        assertThat(durations).as("durations in the generated leads").isGreaterThan(100);
        assertThat(TimeInStage.bin(262_143)).isEqualTo(262_143);
        assertThat(TimeInStage.bin(262_145)).isEqualTo(262_144);
        assertThat(TimeInStage.bin(864_003)).isEqualTo(864_000);
        assertThat(TimeInStage.bin(-5)).isEqualTo(-5);
    }

    private static String velocity(VelocityReport report) {
        StringBuilder out = new StringBuilder();
        report.stages().forEach(s -> out.append(s.timeInStage()).append(' '));
        return out.append(report.leadToWon()).append('\n').toString();
    }

    /** Velocity by the definition, lead by lead, each percentile then put in its TimeInStage bin. */
    private static String velocity(List<LeadFact> leads, Period period) {
        List<LeadFact> captured = leads.stream().filter(f -> period.contains(f.reachedAtOrNull(Stage.LEAD))).toList();
        StringBuilder out = new StringBuilder();
        for (int c = 0; c + 1 < LeadFact.CHAIN.size(); c++) {
            List<Long> seconds = new ArrayList<>();
            for (LeadFact f : captured) {
                Instant from = f.firstEntryOrNull(LeadFact.CHAIN.get(c));
                Instant to = f.firstEntryOrNull(LeadFact.CHAIN.get(c + 1));
                if (from != null && to != null && !to.isBefore(from)) {
                    seconds.add(Math.floorDiv(Duration.between(from, to).toNanos(), 1_000_000_000L));
                }
            }
            out.append(binned(seconds)).append(' ');
        }
        List<Long> cycle = new ArrayList<>();
        for (LeadFact f : captured) {
            Instant lead = f.firstEntryOrNull(Stage.LEAD);
            Instant won = f.firstEntryOrNull(Stage.WON);
            if (lead != null && won != null) {
                cycle.add(Math.floorDiv(Duration.between(lead, won).toNanos(), 1_000_000_000L));
            }
        }
        return out.append(binned(cycle)).append('\n').toString();
    }

    private static DurationStats binned(List<Long> seconds) {
        DurationStats exact = DurationStats.of(seconds.stream().map(Duration::ofSeconds).toList());
        return exact.count() == 0 ? exact : new DurationStats(exact.count(), TimeInStage.bin(exact.medianSeconds()),
                TimeInStage.bin(exact.p90Seconds()));
    }

    /** 400 leads from generated events spread over forty days, a third of them won. */
    static List<LeadFact> generatedFacts(Random random) {
        List<LeadFact> facts = new ArrayList<>();
        for (int n = 0; n < 400; n++) {
            Duration step = Duration.ofMinutes(random.nextBoolean() ? 60 : 25);
            List<FunnelEvent> events = new ArrayList<>(LeadRecordTest.generatedLead("d-" + n, random, BASE, step,
                    960));
            if (random.nextInt(3) == 0) {
                events.add(new LeadStageChanged(UUID.randomUUID(), "d-" + n,
                        BASE.plus(step.multipliedBy(random.nextInt(960))), 1, "handoff-service", Stage.SQL,
                        Stage.WON, null, List.of(), Actor.user("rep"), null, null, null, null));
            }
            facts.add(LeadRecord.of("d-" + n, events).fact());
        }
        return facts;
    }

    @Test
    void givenAWindowOfPartHours_thenItIsRefusedRatherThanRounded() {
        assertThat(TimeToReach.limit(Duration.ofHours(48))).isEqualTo(48);
        assertThat(TimeToReach.limit(Duration.ofDays(3))).isEqualTo(49);
        assertThat(TimeToReach.bin(Duration.ofHours(48).toNanos() + 1)).isEqualTo(49);
        assertThat(TimeToReach.bin(Duration.ofDays(3).toNanos())).isEqualTo(49);
        assertThat(TimeToReach.bin(0)).isZero();
        assertThatThrownBy(() -> TimeToReach.limit(Duration.ofMinutes(90)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimeToReach.limit(Duration.ofHours(60))).isInstanceOf(IllegalArgumentException.class);
    }

    /** The report's figures as text: stage counts, status, and each group's and bucket's counts. */
    static String figures(ConversionReport r) {
        StringBuilder out = new StringBuilder();
        out.append(part("all", r.stages(), r.status(), r.cohortConversion(), r.flowRatio()));
        for (ConversionReport.Group g : r.groups()) {
            out.append(part(g.value(), g.stages(), null, g.cohortConversion(), g.flowRatio()));
        }
        return out.toString();
    }

    private static String part(String name, List<ConversionReport.StageRow> stages, LeadStatusCounts status,
                               List<ConversionReport.CohortConversion> cohorts,
                               List<ConversionReport.FlowRatio> flows) {
        StringBuilder out = new StringBuilder(name).append(": reached=[");
        stages.forEach(s -> out.append(s.reached()).append('/').append(s.reentries()).append(' '));
        out.append("] status=").append(status).append('\n');
        for (ConversionReport.CohortConversion c : cohorts) {
            out.append("  cohort ").append(c.from()).append('-').append(c.to()).append(':');
            c.cohorts().forEach(row -> out.append(' ').append(row.bucket().toString(), 0, 10).append('=')
                    .append(row.conversion().numerator()).append('/').append(row.conversion().denominator())
                    .append(row.mature() ? "m" : ""));
            out.append('\n');
        }
        for (ConversionReport.FlowRatio f : flows) {
            out.append("  flow ").append(f.from()).append('-').append(f.to()).append(':');
            f.buckets().forEach(row -> out.append(' ').append(row.bucket().toString(), 0, 10).append('=')
                    .append(row.entriesTo()).append('/').append(row.entriesFrom()));
            out.append('\n');
        }
        return out.toString();
    }

    /** The definition read plainly, lead by lead, in the form of {@link #figures}. */
    static String expected(List<LeadFact> all, Period period, Bucket bucket, Duration window, Dimension groupBy) {
        List<LeadFact> counting = all.stream().filter(LeadFact::counts).toList();
        Instant from = period.from() != null ? period.from() : counting.stream()
                .map(f -> f.reachedAtOrNull(Stage.LEAD)).filter(Objects::nonNull).min(Instant::compareTo)
                .orElse(AS_OF);
        Instant to = period.to() == null ? AS_OF : period.to();
        List<Instant> starts = new ArrayList<>();
        for (Instant s = bucket.start(from); s.isBefore(to); s = bucket.next(s)) {
            starts.add(s);
        }
        StringBuilder out = new StringBuilder(part("all", counting, period, starts, bucket, window, true));
        if (groupBy != null) {
            Map<String, List<LeadFact>> groups = new TreeMap<>();
            counting.forEach(f -> groups.computeIfAbsent(groupBy.valueOf(f), v -> new ArrayList<>()).add(f));
            groups.forEach((value, leads) -> {
                if (leads.stream().anyMatch(f -> period.contains(f.reachedAtOrNull(Stage.LEAD)))) {
                    out.append(part(value, leads, period, starts, bucket, window, false));
                }
            });
        }
        return out.toString();
    }

    private static String part(String name, List<LeadFact> leads, Period period, List<Instant> starts, Bucket bucket,
                               Duration window, boolean withStatus) {
        List<LeadFact> captured = leads.stream().filter(f -> period.contains(f.reachedAtOrNull(Stage.LEAD))).toList();
        StringBuilder out = new StringBuilder(name).append(": reached=[");
        for (Stage stage : LeadFact.CHAIN) {
            out.append(captured.stream().filter(f -> f.reached(stage)).count()).append('/')
                    .append(captured.stream().mapToLong(f -> f.reentries(stage)).sum()).append(' ');
        }
        out.append("] status=").append(withStatus ? LeadStatusCounts.of(captured) : null).append('\n');
        for (Stage[] pair : ConversionReport.PAIRS) {
            out.append("  cohort ").append(pair[0]).append('-').append(pair[1]).append(':');
            for (Instant start : starts) {
                Instant end = bucket.next(start);
                List<LeadFact> entered = leads.stream().filter(f -> in(f.firstEntryOrNull(pair[0]), start, end, period))
                        .toList();
                long converted = entered.stream().filter(f -> {
                    Instant at = f.firstEntryOrNull(pair[0]);
                    Instant reached = f.reachedAtOrNull(pair[1]);
                    return reached != null && !reached.isBefore(at) && !reached.isAfter(at.plus(window));
                }).count();
                Instant lastEntry = period.to() != null && period.to().isBefore(end) ? period.to() : end;
                out.append(' ').append(start.toString(), 0, 10).append('=').append(converted).append('/')
                        .append(entered.size()).append(!lastEntry.plus(window).isAfter(AS_OF) ? "m" : "");
            }
            out.append('\n');
        }
        for (Stage[] pair : ConversionReport.PAIRS) {
            out.append("  flow ").append(pair[0]).append('-').append(pair[1]).append(':');
            for (Instant start : starts) {
                Instant end = bucket.next(start);
                out.append(' ').append(start.toString(), 0, 10).append('=')
                        .append(leads.stream().filter(f -> in(f.firstEntryOrNull(pair[1]), start, end, period)).count())
                        .append('/')
                        .append(leads.stream().filter(f -> in(f.firstEntryOrNull(pair[0]), start, end, period))
                                .count());
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static boolean in(Instant at, Instant start, Instant end, Period period) {
        return at != null && !at.isBefore(start) && at.isBefore(end) && period.contains(at);
    }
}
