package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Stage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Conversion along {@code LEAD → MQL → SAL → SQL → WON} for the leads captured in the period (see {@link LeadFact}
 * for the counting rule), optionally per group, plus cohort conversion and flow ratio per bucket: two different
 * numbers, each labelled.
 */
public record ConversionReport(
        String definition,
        Period period,
        Instant asOf,
        List<StageRow> stages,
        Ratio leadToWon,
        LeadStatusCounts status,
        String groupBy,
        List<Group> groups,
        List<CohortConversion> cohortConversion,
        List<FlowRatio> flowRatio) {

    static final String DEFINITION = "Leads captured in the period, counted once per stage they reached (first "
            + "entry; a later chain stage implies the earlier ones). nextStep = reached(stage) / reached(previous "
            + "stage); cumulative = reached(stage) / leads. Re-entries into a stage are counted separately.";

    /** The chain stage pairs cohorts and flows are given for. */
    public static final List<Stage[]> PAIRS = List.of(
            new Stage[] {Stage.LEAD, Stage.MQL}, new Stage[] {Stage.MQL, Stage.SAL},
            new Stage[] {Stage.SAL, Stage.SQL}, new Stage[] {Stage.SQL, Stage.WON},
            new Stage[] {Stage.LEAD, Stage.WON});

    /**
     * @param reached    leads that reached the stage
     * @param nextStep   reached(stage) over reached(previous stage); null for LEAD
     * @param cumulative reached(stage) over the leads
     * @param reentries  entries into the stage beyond each lead's first
     */
    public record StageRow(Stage stage, long reached, Ratio nextStep, Ratio cumulative, long reentries) {
    }

    /** The conversion of one group; cohorts and flows only when bucketed. */
    public record Group(String value, List<StageRow> stages, Ratio leadToWon, List<CohortConversion> cohortConversion,
                        List<FlowRatio> flowRatio) {
    }

    /**
     * @param mature false while the window has not yet elapsed for every lead of the cohort: its rate can still rise
     */
    public record CohortRow(Instant bucket, Ratio conversion, boolean mature) {
    }

    public record CohortConversion(String kind, String definition, Stage from, Stage to, Duration window,
                                   List<CohortRow> cohorts) {
    }

    public record FlowRow(Instant bucket, long entriesFrom, long entriesTo, Ratio ratio) {
    }

    public record FlowRatio(String kind, String definition, Stage from, Stage to, List<FlowRow> buckets) {
    }

    /**
     * The report from daily counts: the same figures as from the leads themselves, for a period of whole UTC days and
     * a window of whole hours up to two days or whole days beyond ({@link TimeToReach#limit}).
     */
    public static ConversionReport compute(DailyCounts counts, Period period, Instant asOf, Dimension groupBy,
                                           Bucket bucket, Duration window) {
        int limit = TimeToReach.limit(window);
        DailyCounts.Days days = counts.read(period, groupBy == null ? List.of() : List.of(groupBy),
                EnumSet.of(DailyCounts.Part.CAPTURES, DailyCounts.Part.ENTRIES));
        Instant start = period.from() != null ? period.from()
                : days.earliestCapture() == null ? asOf
                : days.earliestCapture().atStartOfDay(ZoneOffset.UTC).toInstant();
        Slots slots = new Slots(bucket == null ? List.of() : buckets(start, period, asOf, bucket), bucket);
        Tally overall = new Tally(slots.size());
        days.overall().forEach((day, dayCounts) -> overall.add(dayCounts, slots.indexOf(day), limit));
        Map<String, Tally> perValue = new TreeMap<>();
        days.byValue(groupBy).forEach((day, values) -> {
            int slot = slots.indexOf(day);
            values.forEach((value, dayCounts) ->
                    perValue.computeIfAbsent(value, v -> new Tally(slots.size())).add(dayCounts, slot, limit));
        });
        List<Group> groupRows = new ArrayList<>();
        perValue.forEach((value, t) -> {
            if (t.captured > 0) {
                groupRows.add(new Group(value, t.stages(), t.leadToWon(),
                        t.cohorts(slots, period, asOf, window, bucket != null), t.flows(slots, bucket != null)));
            }
        });
        return new ConversionReport(DEFINITION, period, asOf, overall.stages(), overall.leadToWon(),
                overall.status(), groupBy == null ? null : groupBy.param(), groupRows,
                overall.cohorts(slots, period, asOf, window, bucket != null), overall.flows(slots, bucket != null));
    }

    /** Contiguous calendar buckets as nanosecond bounds: each starts where the previous one ends. */
    private static final class Slots {

        private final List<Instant> starts;
        private final long[] bounds;

        Slots(List<Instant> starts, Bucket kind) {
            this.starts = starts;
            this.bounds = new long[starts.size() + 1];
            for (int i = 0; i < starts.size(); i++) {
                bounds[i] = Nanos.of(starts.get(i));
            }
            if (!starts.isEmpty()) {
                bounds[starts.size()] = Nanos.of(kind.next(starts.get(starts.size() - 1)));
            }
        }

        int size() {
            return starts.size();
        }

        Instant start(int i) {
            return starts.get(i);
        }

        Instant end(int i) {
            return Nanos.instant(bounds[i + 1]);
        }

        /** The bucket holding the day, or -1 (buckets are whole days). */
        int indexOf(LocalDate day) {
            return size() == 0 ? -1 : indexOf(Nanos.of(day.atStartOfDay(ZoneOffset.UTC).toInstant()));
        }

        /** The bucket holding {@code at}, or -1. */
        int indexOf(long at) {
            if (at < bounds[0] || at >= bounds[bounds.length - 1]) {
                return -1;
            }
            int low = 0;
            int high = bounds.length - 2;
            while (low < high) {
                int mid = (low + high + 1) >>> 1;
                if (bounds[mid] <= at) {
                    low = mid;
                } else {
                    high = mid - 1;
                }
            }
            return low;
        }
    }

    /** Counts of one set of leads (all, or one group). */
    private static final class Tally {

        private static final int[][] PAIR_INDEX = PAIRS.stream()
                .map(p -> new int[] {LeadFact.CHAIN.indexOf(p[0]), LeadFact.CHAIN.indexOf(p[1])})
                .toArray(int[][]::new);

        long captured;
        final long[] reached = new long[LeadFact.CHAIN.size()];
        final long[] reentries = new long[LeadFact.CHAIN.size()];
        final long[] status = new long[4];
        final long[][] entered;
        final long[][] converted;
        final long[][] flowFrom;
        final long[][] flowTo;

        Tally(int buckets) {
            entered = new long[PAIRS.size()][buckets];
            converted = new long[PAIRS.size()][buckets];
            flowFrom = new long[PAIRS.size()][buckets];
            flowTo = new long[PAIRS.size()][buckets];
        }

        /** One day's counts; {@code slot} is the day's bucket (or -1), {@code limit} the window's last bin. */
        void add(DayCounts day, int slot, int limit) {
            captured += day.captured;
            for (int c = 0; c < reached.length; c++) {
                reached[c] += day.reached[c];
                reentries[c] += day.reentries[c];
            }
            for (int s = 0; s < status.length; s++) {
                status[s] += day.status[s];
            }
            if (slot < 0) {
                return;
            }
            for (int p = 0; p < PAIR_INDEX.length; p++) {
                entered[p][slot] += day.first[PAIR_INDEX[p][0]];
                converted[p][slot] += day.within(p, limit);
                flowFrom[p][slot] += day.first[PAIR_INDEX[p][0]];
                flowTo[p][slot] += day.first[PAIR_INDEX[p][1]];
            }
        }

        List<StageRow> stages() {
            List<StageRow> rows = new ArrayList<>();
            for (int c = 0; c < reached.length; c++) {
                rows.add(new StageRow(LeadFact.CHAIN.get(c), reached[c],
                        c == 0 ? null : Ratio.of(reached[c], reached[c - 1]), Ratio.of(reached[c], captured),
                        reentries[c]));
            }
            return rows;
        }

        Ratio leadToWon() {
            return Ratio.of(reached[reached.length - 1], captured);
        }

        LeadStatusCounts status() {
            return new LeadStatusCounts(status[DayCounts.OPEN], status[DayCounts.IN_PROGRESS],
                    status[DayCounts.QUALIFIED], status[DayCounts.UNQUALIFIED]);
        }

        List<CohortConversion> cohorts(Slots slots, Period period, Instant asOf, Duration window, boolean bucketed) {
            List<CohortConversion> cohorts = new ArrayList<>();
            if (!bucketed) {
                return cohorts;
            }
            for (int p = 0; p < PAIRS.size(); p++) {
                Stage a = PAIRS.get(p)[0];
                Stage b = PAIRS.get(p)[1];
                List<CohortRow> rows = new ArrayList<>();
                for (int i = 0; i < slots.size(); i++) {
                    Instant end = slots.end(i);
                    Instant lastEntry = period.to() != null && period.to().isBefore(end) ? period.to() : end;
                    rows.add(new CohortRow(slots.start(i), Ratio.of(converted[p][i], entered[p][i]),
                            !lastEntry.plus(window).isAfter(asOf)));
                }
                cohorts.add(new CohortConversion("cohort-conversion", "Of the leads whose first entry into " + a
                        + " fell in the bucket, the share that reached " + b + " within " + window
                        + " of that entry. Immature cohorts (mature=false) can still rise.", a, b, window, rows));
            }
            return cohorts;
        }

        List<FlowRatio> flows(Slots slots, boolean bucketed) {
            List<FlowRatio> flows = new ArrayList<>();
            if (!bucketed) {
                return flows;
            }
            for (int p = 0; p < PAIRS.size(); p++) {
                Stage a = PAIRS.get(p)[0];
                Stage b = PAIRS.get(p)[1];
                List<FlowRow> rows = new ArrayList<>();
                for (int i = 0; i < slots.size(); i++) {
                    rows.add(new FlowRow(slots.start(i), flowFrom[p][i], flowTo[p][i],
                            Ratio.of(flowTo[p][i], flowFrom[p][i])));
                }
                flows.add(new FlowRatio("flow-ratio", "First entries into " + b + " in the bucket over first entries "
                        + "into " + a + " in the same bucket, whichever leads they were; not a conversion rate.", a, b,
                        rows));
            }
            return flows;
        }
    }

    static List<LeadFact> capturedIn(List<LeadFact> facts, Period period) {
        List<LeadFact> captured = new ArrayList<>();
        for (LeadFact f : facts) {
            if (f.counts() && period.contains(f.reachedAtOrNull(Stage.LEAD))) {
                captured.add(f);
            }
        }
        return captured;
    }

    static List<Instant> buckets(Instant from, Period period, Instant asOf, Bucket bucket) {
        Instant to = period.to() == null ? asOf : period.to();
        List<Instant> starts = new ArrayList<>();
        for (Instant start = bucket.start(from); start.isBefore(to); start = bucket.next(start)) {
            starts.add(start);
        }
        return starts;
    }
}
