package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Stage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

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

    private static final Set<Stage> OPEN = EnumSet.of(Stage.LEAD, Stage.MQL, Stage.SAL, Stage.SQL);
    private static final Set<Stage> EXITS = EnumSet.of(Stage.LOST, Stage.RECYCLED, Stage.DISQUALIFIED);

    /** Most lead ids listed per stuck stage; {@code count} is always the whole number. */
    public static final int LISTED_IDS = 100;

    /** @param leadIds the first {@link #LISTED_IDS} stuck leads in id order */
    public record StuckStage(Stage stage, long count, List<String> leadIds) {
    }

    public static DropOffReport compute(List<LeadFact> all, Period period, Instant asOf, Duration stuckAfter) {
        List<LeadFact> facts = all.stream().filter(LeadFact::counts).toList();
        Map<String, Map<String, Long>> rejections = new TreeMap<>();
        Map<String, Long> disqualifications = new TreeMap<>();
        Map<String, Long> losses = new TreeMap<>();
        for (LeadFact f : facts) {
            for (StageEntry e : f.entries()) {
                if (!period.contains(e.at())) {
                    continue;
                }
                String reason = e.reasonCode() == null ? Dimension.UNKNOWN : e.reasonCode();
                if (e.stage() == Stage.RECYCLED) {
                    rejections.computeIfAbsent(Dimension.SOURCE.valueOf(f), s -> new TreeMap<>())
                            .merge(reason, 1L, Long::sum);
                } else if (e.stage() == Stage.DISQUALIFIED) {
                    disqualifications.merge(reason, 1L, Long::sum);
                }
            }
            if (f.closure() != null && f.closure().outcome() == Stage.LOST && period.contains(f.closure().at())) {
                losses.merge(f.closure().lossReason() == null ? Dimension.UNKNOWN : f.closure().lossReason(), 1L,
                        Long::sum);
            }
        }
        Map<Stage, Long> exits = new TreeMap<>();
        for (LeadFact f : ConversionReport.capturedIn(facts, period)) {
            if (EXITS.contains(f.currentStage()) && f.furthestChainStage() != null) {
                exits.merge(f.furthestChainStage(), 1L, Long::sum);
            }
        }
        Map<Stage, Long> stuckCounts = new EnumMap<>(Stage.class);
        Map<Stage, PriorityQueue<String>> listed = new EnumMap<>(Stage.class);
        for (LeadFact f : facts) {
            Stage stage = f.currentStage();
            if (!OPEN.contains(stage)) {
                continue;
            }
            Instant since = f.currentStageSince().orElse(null);
            if (since == null || !since.plus(stuckAfter).isBefore(asOf)) {
                continue;
            }
            stuckCounts.merge(stage, 1L, Long::sum);
            // the smallest ids, kept in a bounded heap whose head is the largest kept
            PriorityQueue<String> ids = listed.computeIfAbsent(stage, s -> new PriorityQueue<>(Comparator.reverseOrder()));
            if (ids.size() < LISTED_IDS) {
                ids.add(f.leadId());
            } else if (f.leadId().compareTo(ids.peek()) < 0) {
                ids.poll();
                ids.add(f.leadId());
            }
        }
        List<StuckStage> stuck = new ArrayList<>();
        for (Stage stage : OPEN) {
            List<String> ids = new ArrayList<>(listed.getOrDefault(stage, new PriorityQueue<>()));
            ids.sort(null);
            stuck.add(new StuckStage(stage, stuckCounts.getOrDefault(stage, 0L), ids));
        }
        return new DropOffReport(period, asOf, rejections, disqualifications, losses, exits, stuckAfter, stuck);
    }
}
