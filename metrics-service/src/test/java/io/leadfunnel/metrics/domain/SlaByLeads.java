package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Stage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SLA report by its definition, lead by lead over the facts, overall and per value: what the report from the
 * daily aggregates is held to.
 */
final class SlaByLeads {

    private SlaByLeads() {
    }

    static Grouped<SlaReport> compute(List<LeadFact> facts, Period period, Instant asOf, Duration blackHoleAfter,
                                      Dimension groupBy) {
        return Grouped.of(facts, groupBy, leads -> compute(leads, period, asOf, blackHoleAfter));
    }

    static SlaReport compute(List<LeadFact> all, Period period, Instant asOf, Duration blackHoleAfter) {
        List<LeadFact> facts = all.stream().filter(LeadFact::counts).toList();
        long due = 0;
        long within = 0;
        Map<String, Long> byOwner = new TreeMap<>();
        Map<String, Long> bySla = new TreeMap<>();
        List<Duration> toAccept = new ArrayList<>();
        Map<String, Long> bands = new LinkedHashMap<>();
        SlaReport.BANDS.forEach(b -> bands.put(b, 0L));
        List<LeadFact> blackHole = new ArrayList<>();
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
                    bands.merge(SlaReport.band(h, action), 1L, Long::sum);
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
                    blackHole.add(f);
                }
            }
        }
        // the longest in the black hole (earliest MQL entry, then id), listed in id order
        List<String> listed = new ArrayList<>(blackHole.stream()
                .sorted(Comparator.comparing((LeadFact f) -> f.currentStageSince().orElseThrow())
                        .thenComparing(LeadFact::leadId))
                .limit(SlaReport.LISTED_IDS).map(LeadFact::leadId).toList());
        listed.sort(null);
        // the report counts times to accept in TimeInStage bins: the exact percentiles, put in theirs
        DurationStats exact = DurationStats.of(toAccept);
        DurationStats binned = exact.count() == 0 ? exact : new DurationStats(exact.count(),
                TimeInStage.bin(exact.medianSeconds()), TimeInStage.bin(exact.p90Seconds()));
        return new SlaReport(period, asOf, Ratio.of(within, due), byOwner, bySla, binned, bands,
                blackHoleAfter, blackHole.size(), listed);
    }
}
