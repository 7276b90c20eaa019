package io.leadfunnel.metrics.service;

import io.leadfunnel.metrics.aggregate.Contributions;
import io.leadfunnel.metrics.aggregate.Counters;
import io.leadfunnel.metrics.domain.LeadFact;
import io.leadfunnel.runtime.schedule.ScheduledPass;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prometheus gauges set from the all-time totals the aggregates keep ({@link Contributions#TOTALS}), so every instance
 * shows the same values. Label values come from bounded vocabularies only: stage, normalized source
 * ({@code LeadSource} or {@code unknown}), segment, SLA kind; never a campaign, owner or lead id.
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

    /** Sets the gauges from the all-time totals ({@link Contributions}). */
    public void refresh() {
        Map<Tags, Long> entries = new HashMap<>();
        Map<Tags, Long> current = new HashMap<>();
        Map<Tags, Long> breached = new HashMap<>();
        Map<String, Long> reached = new HashMap<>();
        facts.totals().forEach((name, n) -> {
            String[] parts = Counters.parts(name);
            switch (parts[0]) {
                case "entries" -> entries.put(Tags.of("source", parts[1], "segment", parts[2], "stage", parts[3]), n);
                case "current" -> current.put(Tags.of("source", parts[1], "segment", parts[2], "stage", parts[3]), n);
                case "breaches" -> breached.put(Tags.of("source", parts[1], "segment", parts[2], "sla", parts[3]), n);
                case "reached" -> reached.put(parts[1], n);
                default -> { }
            }
        });
        stageEntries.register(rows(entries), true);
        leadsInStage.register(rows(current), true);
        breaches.register(rows(breached), true);
        List<MultiGauge.Row<?>> ratios = new ArrayList<>();
        for (int i = 0; i + 1 < LeadFact.CHAIN.size(); i++) {
            String from = LeadFact.CHAIN.get(i).name().toLowerCase(Locale.ROOT);
            String to = LeadFact.CHAIN.get(i + 1).name().toLowerCase(Locale.ROOT);
            long reachedFrom = reached.getOrDefault(from, 0L);
            long reachedTo = reached.getOrDefault(to, 0L);
            ratios.add(MultiGauge.Row.of(Tags.of("from", from, "to", to),
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
