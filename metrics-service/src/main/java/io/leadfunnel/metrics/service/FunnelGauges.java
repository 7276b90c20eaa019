package io.leadfunnel.metrics.service;

import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.domain.Dimension;
import io.leadfunnel.metrics.domain.LeadFact;
import io.leadfunnel.metrics.domain.StageEntry;
import io.leadfunnel.runtime.schedule.ScheduledPass;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prometheus gauges recomputed from the facts. Label values come from bounded vocabularies only: stage, normalized
 * source ({@code LeadSource} or {@code unknown}), segment, SLA kind; never a campaign, owner or lead id.
 */
@ApplicationScoped
public class FunnelGauges {

    private static final Logger LOG = Logger.getLogger(FunnelGauges.class);

    private final ScheduledPass pass = new ScheduledPass("refreshing the funnel gauges", LOG);

    private final FactService facts;
    private final MultiGauge stageEntries;
    private final MultiGauge leadsInStage;
    private final MultiGauge conversion;
    private final MultiGauge breaches;

    public FunnelGauges(FactService facts, MeterRegistry registry) {
        this.facts = facts;
        stageEntries = MultiGauge.builder("funnel.stage.entries")
                .description("Entries into a stage, re-entries included, since the beginning of the event log")
                .register(registry);
        leadsInStage = MultiGauge.builder("funnel.leads.in.stage")
                .description("Leads whose current stage this is").register(registry);
        conversion = MultiGauge.builder("funnel.conversion.ratio")
                .description("All-time next-step conversion: leads that reached 'to' over leads that reached 'from'")
                .register(registry);
        breaches = MultiGauge.builder("funnel.sla.breaches")
                .description("Hand-off SLA breaches since the beginning of the event log").register(registry);
    }

    @Scheduled(every = "${funnel.metrics.gauge-refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        pass.run(this::refresh);
    }

    /** Recomputes the gauges from the facts. */
    public void refresh() {
        List<LeadFact> all = facts.facts().stream().filter(LeadFact::counts).toList();
        Map<Tags, Long> entries = new java.util.HashMap<>();
        Map<Tags, Long> current = new java.util.HashMap<>();
        Map<Tags, Long> breached = new java.util.HashMap<>();
        for (LeadFact f : all) {
            Tags labels = Tags.of("source", Dimension.SOURCE.valueOf(f), "segment", f.segment().label());
            if (f.firstEntry(Stage.LEAD).isPresent()) {
                entries.merge(labels.and("stage", "lead"), 1L, Long::sum);
            }
            for (StageEntry e : f.entries()) {
                if (e.stage() != Stage.LEAD) {
                    entries.merge(labels.and("stage", e.stage().name().toLowerCase()), 1L, Long::sum);
                }
            }
            current.merge(labels.and("stage", f.currentStage().name().toLowerCase()), 1L, Long::sum);
            f.breaches().forEach(b -> breached.merge(labels.and("sla",
                    b.sla() == null ? "unknown" : b.sla().toLowerCase()), 1L, Long::sum));
        }
        stageEntries.register(rows(entries), true);
        leadsInStage.register(rows(current), true);
        breaches.register(rows(breached), true);
        List<MultiGauge.Row<?>> ratios = new ArrayList<>();
        for (int i = 0; i + 1 < LeadFact.CHAIN.size(); i++) {
            Stage from = LeadFact.CHAIN.get(i);
            Stage to = LeadFact.CHAIN.get(i + 1);
            long reachedFrom = all.stream().filter(f -> f.reached(from)).count();
            long reachedTo = all.stream().filter(f -> f.reached(to)).count();
            ratios.add(MultiGauge.Row.of(Tags.of("from", from.name().toLowerCase(), "to", to.name().toLowerCase()),
                    reachedFrom == 0 ? 0.0 : (double) reachedTo / reachedFrom));
        }
        conversion.register(ratios, true);
    }

    private static List<MultiGauge.Row<?>> rows(Map<Tags, Long> counts) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        counts.forEach((tags, n) -> rows.add(MultiGauge.Row.of(tags, n)));
        return rows;
    }
}
