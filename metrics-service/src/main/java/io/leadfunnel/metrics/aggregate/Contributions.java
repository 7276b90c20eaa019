package io.leadfunnel.metrics.aggregate;

import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.domain.Dimension;
import io.leadfunnel.metrics.domain.LeadFact;
import io.leadfunnel.metrics.domain.SlaBreach;
import io.leadfunnel.metrics.domain.StageEntry;

import java.util.Locale;

/**
 * What one lead adds to the aggregates, as counters ({@link Counters}). The aggregates are the sum over every lead,
 * kept by adding each lead's change (its new contribution minus its old one) as events are applied.
 *
 * <p>The all-time totals ({@link #TOTALS}, read by the Prometheus gauges), counted over the leads that count (not
 * merged away), labelled with the normalized source and the size segment:
 * <ul>
 *   <li>{@code entries|source|segment|stage}: entries into each stage, re-entries included (LEAD: the capture, or
 *       the first LEAD entry of a lead whose capture has not arrived);</li>
 *   <li>{@code current|source|segment|stage}: the lead's current stage;</li>
 *   <li>{@code breaches|source|segment|sla}: its SLA breaches by kind;</li>
 *   <li>{@code reached|stage}: whether it reached each chain stage.</li>
 * </ul>
 *
 * <p>Conversion's counts per UTC day, overall and per value of each dimension, in the documents
 * {@link DailyConversion} describes.
 */
public final class Contributions {

    /** The document of the all-time totals. */
    public static final String TOTALS = "totals";

    private Contributions() {
    }

    /** The lead's contribution; nothing for a lead merged into another. */
    public static Counters of(LeadFact fact) {
        Counters counters = Counters.empty();
        contribute(fact, counters::add);
        return counters;
    }

    private static void contribute(LeadFact fact, Counters.Sink counters) {
        if (fact == null || !fact.counts()) {
            return;
        }
        String source = Dimension.SOURCE.valueOf(fact);
        String segment = fact.segment().label();
        if (fact.firstEntry(Stage.LEAD).isPresent()) {
            counters.add(TOTALS, Counters.name("entries", source, segment, label(Stage.LEAD)), 1);
        }
        for (StageEntry entry : fact.entries()) {
            if (entry.stage() != Stage.LEAD) {
                counters.add(TOTALS, Counters.name("entries", source, segment, label(entry.stage())), 1);
            }
        }
        counters.add(TOTALS, Counters.name("current", source, segment, label(fact.currentStage())), 1);
        for (SlaBreach breach : fact.breaches()) {
            counters.add(TOTALS, Counters.name("breaches", source, segment,
                    breach.sla() == null ? "unknown" : breach.sla().toLowerCase(Locale.ROOT)), 1);
        }
        for (Stage stage : LeadFact.CHAIN) {
            if (fact.reached(stage)) {
                counters.add(TOTALS, Counters.name("reached", label(stage)), 1);
            }
        }
        DailyConversion.contribute(fact, counters);
    }

    /** A lead's change: what its new fact adds minus what its old one did. */
    public static Counters change(LeadFact before, LeadFact after) {
        // both added into one set of counters: no second set to build and subtract
        Counters change = Counters.empty();
        contribute(after, change::add);
        contribute(before, (document, counter, n) -> change.add(document, counter, -n));
        return change;
    }

    static String label(Stage stage) {
        return stage.name().toLowerCase(Locale.ROOT);
    }
}
