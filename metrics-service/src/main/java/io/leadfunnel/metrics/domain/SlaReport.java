package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Stage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hand-off service levels. A hand-off is <em>handled within SLA</em> when sales' first action after it (accept to SAL,
 * reject to RECYCLED, disqualify, or any later stage) came no later than its accept-due time. Compliance counts the
 * hand-offs whose due time fell in the period and has passed by {@code asOf}. Speed to lead: minutes from hand-off to
 * that first action, for hand-offs made in the period; bands include their upper bound. Black hole: leads still at MQL
 * with no action, whose MQL entry fell in the period and is older than {@code blackHoleAfter}.
 */
public record SlaReport(
        Period period,
        Instant asOf,
        Ratio compliance,
        Map<String, Long> breachesByOwner,
        Map<String, Long> breachesBySla,
        DurationStats timeToAccept,
        Map<String, Long> speedToLead,
        Duration blackHoleAfter,
        long blackHole,
        List<String> blackHoleLeadIds) {

    public static final List<String> BANDS = List.of("0-5m", "5-15m", "15-60m", "over-60m", "never");

    public static SlaReport compute(List<LeadFact> all, Period period, Instant asOf, Duration blackHoleAfter) {
        List<LeadFact> facts = all.stream().filter(LeadFact::counts).toList();
        long due = 0;
        long within = 0;
        Map<String, Long> byOwner = new TreeMap<>();
        Map<String, Long> bySla = new TreeMap<>();
        List<Duration> toAccept = new ArrayList<>();
        Map<String, Long> bands = new LinkedHashMap<>();
        BANDS.forEach(b -> bands.put(b, 0L));
        List<String> blackHole = new ArrayList<>();
        for (LeadFact f : facts) {
            for (Handoff h : f.handoffs()) {
                StageEntry action = f.firstActionAfter(h.at()).orElse(null);
                if (h.acceptDueAt() != null && period.contains(h.acceptDueAt()) && !h.acceptDueAt().isAfter(asOf)) {
                    due++;
                    if (action != null && !action.at().isAfter(h.acceptDueAt())) {
                        within++;
                    }
                }
                if (period.contains(h.at())) {
                    if (action != null && action.stage() == Stage.SAL) {
                        toAccept.add(Duration.between(h.at(), action.at()));
                    }
                    bands.merge(band(h, action), 1L, Long::sum);
                }
            }
            for (SlaBreach b : f.breaches()) {
                if (period.contains(b.at())) {
                    byOwner.merge(b.owner() == null ? Dimension.UNKNOWN : b.owner(), 1L, Long::sum);
                    bySla.merge(b.sla() == null ? Dimension.UNKNOWN : b.sla(), 1L, Long::sum);
                }
            }
            if (f.currentStage() == Stage.MQL) {
                Instant since = f.currentStageSince().orElse(null);
                if (period.contains(since) && since.plus(blackHoleAfter).isBefore(asOf)) {
                    blackHole.add(f.leadId());
                }
            }
        }
        blackHole.sort(String::compareTo);
        return new SlaReport(period, asOf, Ratio.of(within, due), byOwner, bySla, DurationStats.of(toAccept), bands,
                blackHoleAfter, blackHole.size(), blackHole);
    }

    private static String band(Handoff h, StageEntry action) {
        if (action == null) {
            return "never";
        }
        long seconds = Duration.between(h.at(), action.at()).getSeconds();
        return seconds <= 300 ? "0-5m" : seconds <= 900 ? "5-15m" : seconds <= 3600 ? "15-60m" : "over-60m";
    }
}
