package io.leadfunnel.runtime.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The outbox relay's settings. The Kafka client itself takes the shared {@code kafka.*} configuration. */
@ConfigMapping(prefix = "funnel.outbox")
public interface OutboxConfig {

    /** Leads whose events are published per relay pass. */
    @WithDefault("200")
    int batchSize();

    /** How long the relay sleeps between passes when no write wakes it. */
    @WithDefault("PT1S")
    Duration pollInterval();

    /**
     * How often the relay looks through every outbox ({@link OutboxStore#pending(int)}, a scan where the engine has no
     * index on the pending flag) rather than only those of the leads written here. It also sweeps at start and after a
     * failure; in between, events stored by an instance that died before relaying them wait up to this long.
     */
    @WithDefault("PT30S")
    Duration sweepInterval();

    /** How long the relay waits for the broker's acknowledgement of one round of sends before trying again later. */
    @WithDefault("PT15S")
    Duration sendTimeout();

    /** Longest pause between attempts while the broker is unreachable. */
    @WithDefault("PT5S")
    Duration maxBackoff();
}
