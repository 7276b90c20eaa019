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

    /** How long a rebuild waits for records before it gives up on reaching the end offsets (MongoDB waits excluded). */
    @WithDefault("PT5M")
    Duration rebuildTimeout();

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
