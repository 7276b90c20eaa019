package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Stage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Time in each chain stage for the leads captured in the period that moved on (converters only): from the first
 * entry into the stage to the first entry into the next chain stage. Cycle time: first LEAD entry to first WON entry.
 * Read from the daily counts, where durations are counted in {@link TimeInStage} bins.
 */
public record VelocityReport(String definition, Period period, List<StageVelocity> stages, DurationStats leadToWon) {

    public record StageVelocity(Stage stage, Stage next, DurationStats timeInStage) {
    }

    static final String DEFINITION = "Seconds from first entry into a stage to first entry into the next chain "
            + "stage, for leads captured in the period that made that step; nearest-rank median and 90th percentile, "
            + "exact below 262144 s (about three days), rounded down by less than 8 parts per million above.";

    /**
     * Velocity over every lead and, when {@code groupBy} is given, over the leads of each value of it (every value a
     * counting lead has, as {@link Grouped} lists them).
     */
    public static Grouped<VelocityReport> compute(DailyCounts counts, Period period, Dimension groupBy) {
        List<Dimension> dimensions = groupBy == null ? List.of() : List.of(groupBy);
        DailyCounts.Days days = counts.read(period, dimensions, Set.of(DailyCounts.Part.CAPTURES));
        VelocityReport all = of(period, days.overall().values());
        if (groupBy == null) {
            return new Grouped<>(all, null, List.of());
        }
        List<Grouped.Group<VelocityReport>> groups = new ArrayList<>();
        counts.daysByValue(days, groupBy).forEach((value, list) ->
                groups.add(new Grouped.Group<>(value, of(period, list))));
        return new Grouped<>(all, groupBy, groups);
    }

    private static VelocityReport of(Period period, Collection<DayCounts> days) {
        int steps = LeadFact.CHAIN.size();
        List<DurationStats> stats = new ArrayList<>(steps);
        for (int step = 0; step < steps; step++) {
            SortedMap<Long, Long> sum = new TreeMap<>();
            for (DayCounts day : days) {
                day.velocity(step).forEach((bin, n) -> sum.merge(bin, n, Long::sum));
            }
            stats.add(TimeInStage.stats(sum));
        }
        List<StageVelocity> stages = new ArrayList<>();
        for (int c = 0; c + 1 < steps; c++) {
            stages.add(new StageVelocity(LeadFact.CHAIN.get(c), LeadFact.CHAIN.get(c + 1), stats.get(c)));
        }
        return new VelocityReport(DEFINITION, period, stages, stats.get(steps - 1));
    }
}
