package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Stage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Where leads leave the funnel: rejections (moves to RECYCLED) and disqualifications in the period by source and
 * reason, deals lost in the period by reason, the last chain stage of the period's leads that left, and the open leads
 * stuck in a stage longer than the threshold as of {@code asOf}.
 */
public record DropOffReport(
        Period period,
        Instant asOf,
        Map<String, Map<String, Long>> rejectionsBySource,
        Map<String, Long> disqualificationReasons,
        Map<String, Long> lossReasons,
        Map<Stage, Long> exitsAfterStage,
        Duration stuckAfter,
        List<StuckStage> stuck) {

    static final Set<Stage> OPEN = EnumSet.of(Stage.LEAD, Stage.MQL, Stage.SAL, Stage.SQL);
    static final Set<Stage> EXITS = EnumSet.of(Stage.LOST, Stage.RECYCLED, Stage.DISQUALIFIED);

    /** Most lead ids listed per stuck stage (those stuck longest); {@code count} is always the whole number. */
    public static final int LISTED_IDS = 100;

    /**
     * @param leadIds the {@link #LISTED_IDS} leads stuck longest (earliest entry into the stage, then lead id), in
     *                lead-id order: all of them when there are no more
     */
    public record StuckStage(Stage stage, long count, List<String> leadIds) {
    }

    /**
     * Drop-off over every lead and, when {@code groupBy} is given, over the leads of each value of it (every value a
     * counting lead has), from the daily counts and the open leads.
     */
    public static Grouped<DropOffReport> compute(DailyCounts counts, Period period, Instant asOf, Duration stuckAfter,
                                                 Dimension groupBy) {
        DailyCounts.Days days = counts.read(period, groupBy == null ? List.of() : List.of(groupBy),
                EnumSet.of(DailyCounts.Part.CAPTURES, DailyCounts.Part.OUTCOMES));
        Map<Stage, DailyCounts.Open> stuck = counts.open(OPEN, null, asOf.minus(stuckAfter), LISTED_IDS, groupBy);
        DropOffReport all = of(days.overall().values(), period, asOf, stuckAfter, stage -> stuck.get(stage).all());
        if (groupBy == null) {
            return new Grouped<>(all, null, List.of());
        }
        List<Grouped.Group<DropOffReport>> groups = new ArrayList<>();
        counts.daysByValue(days, groupBy).forEach((value, list) -> groups.add(new Grouped.Group<>(value,
                of(list, period, asOf, stuckAfter, stage -> stuck.get(stage).of(value)))));
        return new Grouped<>(all, groupBy, groups);
    }

    private static DropOffReport of(Collection<DayCounts> days, Period period, Instant asOf, Duration stuckAfter,
                                    Function<Stage, DailyCounts.Selection> stuckIn) {
        Map<String, Map<String, Long>> rejections = new TreeMap<>();
        Map<String, Long> disqualifications = new TreeMap<>();
        Map<String, Long> losses = new TreeMap<>();
        long[] exitCounts = new long[LeadFact.CHAIN.size()];
        for (DayCounts day : days) {
            day.rejections.forEach((source, reasons) -> reasons.forEach((reason, n) ->
                    rejections.computeIfAbsent(source, s -> new TreeMap<>()).merge(reason, n, Long::sum)));
            day.disqualifications.forEach((reason, n) -> disqualifications.merge(reason, n, Long::sum));
            day.losses.forEach((reason, n) -> losses.merge(reason, n, Long::sum));
            for (int c = 0; c < exitCounts.length; c++) {
                exitCounts[c] += day.exits[c];
            }
        }
        rejections.values().forEach(DayCounts::dropEmpty);
        rejections.values().removeIf(Map::isEmpty);
        DayCounts.dropEmpty(disqualifications);
        DayCounts.dropEmpty(losses);
        Map<Stage, Long> exits = new TreeMap<>();
        for (int c = 0; c < exitCounts.length; c++) {
            if (exitCounts[c] > 0) {
                exits.put(LeadFact.CHAIN.get(c), exitCounts[c]);
            }
        }
        List<StuckStage> stuck = new ArrayList<>();
        for (Stage stage : OPEN) {
            DailyCounts.Selection in = stuckIn.apply(stage);
            stuck.add(new StuckStage(stage, in.count(), in.leadIds()));
        }
        return new DropOffReport(period, asOf, rejections, disqualifications, losses, exits, stuckAfter, stuck);
    }
}
