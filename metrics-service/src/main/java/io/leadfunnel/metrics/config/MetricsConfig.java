package io.leadfunnel.metrics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of metrics-service ({@code funnel.metrics.*}). */
@ConfigMapping(prefix = "funnel.metrics")
public interface MetricsConfig {

    /** Cohort window used when a query gives none: how long after entering stage A a lead may reach stage B. */
    @WithDefault("P30D")
    Duration window();

    /** An open lead in the same stage for longer than this counts as stuck (drop-off). */
    @WithDefault("P14D")
    Duration stuckAfter();

    /** An MQL without any sales action for longer than this is in the black hole (SLA). */
    @WithDefault("P2D")
    Duration blackHoleAfter();

    /**
     * How long a rebuild may replay nothing (no records, or MongoDB away) before it gives up; the consumers stop
     * writing into a rebuild whose replay has not written for twice this.
     */
    @WithDefault("PT5M")
    Duration rebuildTimeout();

    /**
     * How long a generation that no longer takes writes is kept before it is dropped, so that other instances' polls
     * and queries that read the store's pointer before a switch are through with it.
     */
    @WithDefault("PT10S")
    Duration rebuildDropAfter();

    /** How often the Prometheus gauges are read from the aggregates (a Quarkus scheduler interval). */
    @WithDefault("15s")
    String gaugeRefresh();

    /**
     * How often the partition logs this instance appends to are folded into the aggregate documents (a Quarkus
     * scheduler interval).
     */
    @WithDefault("5s")
    String aggregateFoldInterval();
}
