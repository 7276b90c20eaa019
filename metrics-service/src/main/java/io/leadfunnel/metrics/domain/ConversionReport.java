package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Stage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

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

    public static ConversionReport compute(List<LeadFact> all, Period period, Instant asOf, Dimension groupBy,
                                           Bucket bucket, Duration window) {
        List<LeadFact> facts = all.stream().filter(LeadFact::counts).toList();
        List<LeadFact> cohort = capturedIn(facts, period);
        List<Instant> buckets = bucket == null ? List.of() : buckets(facts, period, asOf, bucket);
        List<Group> groups = new ArrayList<>();
        if (groupBy != null) {
            Map<String, List<LeadFact>> byValue = facts.stream()
                    .collect(Collectors.groupingBy(groupBy::valueOf, TreeMap::new, Collectors.toList()));
            byValue.forEach((value, leads) -> {
                List<LeadFact> captured = capturedIn(leads, period);
                if (!captured.isEmpty()) {
                    groups.add(new Group(value, stages(captured), leadToWon(captured),
                            cohorts(leads, period, asOf, bucket, buckets, window),
                            flows(leads, period, bucket, buckets)));
                }
            });
        }
        List<CohortConversion> cohorts = cohorts(facts, period, asOf, bucket, buckets, window);
        List<FlowRatio> flows = flows(facts, period, bucket, buckets);
        return new ConversionReport(DEFINITION, period, asOf, stages(cohort), leadToWon(cohort),
                LeadStatusCounts.of(cohort), groupBy == null ? null : groupBy.param(), groups, cohorts, flows);
    }

    private static List<CohortConversion> cohorts(List<LeadFact> facts, Period period, Instant asOf, Bucket bucket,
                                                  List<Instant> buckets, Duration window) {
        List<CohortConversion> cohorts = new ArrayList<>();
        if (bucket != null) {
            for (Stage[] pair : PAIRS) {
                cohorts.add(cohort(facts, pair[0], pair[1], period, asOf, bucket, buckets, window));
            }
        }
        return cohorts;
    }

    private static List<FlowRatio> flows(List<LeadFact> facts, Period period, Bucket bucket, List<Instant> buckets) {
        List<FlowRatio> flows = new ArrayList<>();
        if (bucket != null) {
            for (Stage[] pair : PAIRS) {
                flows.add(flow(facts, pair[0], pair[1], period, bucket, buckets));
            }
        }
        return flows;
    }

    static List<LeadFact> capturedIn(List<LeadFact> facts, Period period) {
        return facts.stream().filter(LeadFact::counts)
                .filter(f -> period.contains(f.reachedAt(Stage.LEAD).orElse(null))).toList();
    }

    static List<StageRow> stages(List<LeadFact> leads) {
        List<StageRow> rows = new ArrayList<>();
        long total = leads.size();
        long previous = 0;
        for (Stage stage : LeadFact.CHAIN) {
            long reached = leads.stream().filter(f -> f.reached(stage)).count();
            long reentries = leads.stream().mapToLong(f -> f.reentries(stage)).sum();
            rows.add(new StageRow(stage, reached, stage == Stage.LEAD ? null : Ratio.of(reached, previous),
                    Ratio.of(reached, total), reentries));
            previous = reached;
        }
        return rows;
    }

    static Ratio leadToWon(List<LeadFact> leads) {
        return Ratio.of(leads.stream().filter(f -> f.reached(Stage.WON)).count(), leads.size());
    }

    static List<Instant> buckets(List<LeadFact> facts, Period period, Instant asOf, Bucket bucket) {
        Instant from = period.from();
        if (from == null) {
            from = facts.stream().map(f -> f.reachedAt(Stage.LEAD).orElse(null)).filter(java.util.Objects::nonNull)
                    .min(Instant::compareTo).orElse(asOf);
        }
        Instant to = period.to() == null ? asOf : period.to();
        List<Instant> starts = new ArrayList<>();
        for (Instant start = bucket.start(from); start.isBefore(to); start = bucket.next(start)) {
            starts.add(start);
        }
        return starts;
    }

    private static CohortConversion cohort(List<LeadFact> facts, Stage a, Stage b, Period period, Instant asOf,
                                           Bucket bucket, List<Instant> buckets, Duration window) {
        List<CohortRow> rows = new ArrayList<>();
        for (Instant start : buckets) {
            Instant end = bucket.next(start);
            Period slot = new Period(start, end);
            long entered = 0;
            long converted = 0;
            for (LeadFact f : facts) {
                Instant enteredAt = f.firstEntry(a).orElse(null);
                if (!slot.contains(enteredAt) || !period.contains(enteredAt)) {
                    continue;
                }
                entered++;
                Instant reached = f.reachedAt(b).orElse(null);
                if (reached != null && !reached.isBefore(enteredAt)
                        && !reached.isAfter(enteredAt.plus(window))) {
                    converted++;
                }
            }
            Instant lastEntry = period.to() != null && period.to().isBefore(end) ? period.to() : end;
            rows.add(new CohortRow(start, Ratio.of(converted, entered), !lastEntry.plus(window).isAfter(asOf)));
        }
        return new CohortConversion("cohort-conversion", "Of the leads whose first entry into " + a
                + " fell in the bucket, the share that reached " + b + " within " + window
                + " of that entry. Immature cohorts (mature=false) can still rise.", a, b, window, rows);
    }

    private static FlowRatio flow(List<LeadFact> facts, Stage a, Stage b, Period period, Bucket bucket,
                                  List<Instant> buckets) {
        List<FlowRow> rows = new ArrayList<>();
        for (Instant start : buckets) {
            Period slot = new Period(start, bucket.next(start));
            long fromCount = facts.stream().map(f -> f.firstEntry(a).orElse(null))
                    .filter(at -> slot.contains(at) && period.contains(at)).count();
            long toCount = facts.stream().map(f -> f.firstEntry(b).orElse(null))
                    .filter(at -> slot.contains(at) && period.contains(at)).count();
            rows.add(new FlowRow(start, fromCount, toCount, Ratio.of(toCount, fromCount)));
        }
        return new FlowRatio("flow-ratio", "First entries into " + b + " in the bucket over first entries into " + a
                + " in the same bucket, whichever leads they were; not a conversion rate.", a, b, rows);
    }
}
