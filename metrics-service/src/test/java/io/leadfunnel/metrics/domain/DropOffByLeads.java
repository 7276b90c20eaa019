package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Stage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Drop-off by its definition, lead by lead over the facts, overall and per value: what the report from the daily
 * aggregates is held to.
 */
final class DropOffByLeads {

    private DropOffByLeads() {
    }

    static Grouped<DropOffReport> compute(List<LeadFact> facts, Period period, Instant asOf, Duration stuckAfter,
                                          Dimension groupBy) {
        return Grouped.of(facts, groupBy, leads -> compute(leads, period, asOf, stuckAfter));
    }

    static DropOffReport compute(List<LeadFact> all, Period period, Instant asOf, Duration stuckAfter) {
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
            if (DropOffReport.EXITS.contains(f.currentStage()) && f.furthestChainStage() != null) {
                exits.merge(f.furthestChainStage(), 1L, Long::sum);
            }
        }
        Map<Stage, Long> stuckCounts = new EnumMap<>(Stage.class);
        Map<Stage, List<LeadFact>> stuckLeads = new EnumMap<>(Stage.class);
        for (LeadFact f : facts) {
            Stage stage = f.currentStage();
            if (!DropOffReport.OPEN.contains(stage)) {
                continue;
            }
            Instant since = f.currentStageSince().orElse(null);
            if (since == null || !since.plus(stuckAfter).isBefore(asOf)) {
                continue;
            }
            stuckCounts.merge(stage, 1L, Long::sum);
            stuckLeads.computeIfAbsent(stage, s -> new ArrayList<>()).add(f);
        }
        List<DropOffReport.StuckStage> stuck = new ArrayList<>();
        for (Stage stage : DropOffReport.OPEN) {
            // the longest in their stage (earliest entry, then id), listed in id order
            List<String> ids = new ArrayList<>(stuckLeads.getOrDefault(stage, List.of()).stream()
                    .sorted(Comparator.comparing((LeadFact f) -> f.currentStageSince().orElseThrow())
                            .thenComparing(LeadFact::leadId))
                    .limit(DropOffReport.LISTED_IDS).map(LeadFact::leadId).toList());
            ids.sort(null);
            stuck.add(new DropOffReport.StuckStage(stage, stuckCounts.getOrDefault(stage, 0L), ids));
        }
        return new DropOffReport(period, asOf, rejections, disqualifications, losses, exits, stuckAfter, stuck);
    }
}
