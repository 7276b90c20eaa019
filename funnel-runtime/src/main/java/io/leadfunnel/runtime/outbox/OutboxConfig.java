package io.leadfunnel.runtime.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The outbox relay's settings. The Kafka client itself takes the shared {@code kafka.*} configuration. */
@ConfigMapping(prefix = "funnel.outbox")
public interface OutboxConfig {

    /** Leads whose events are published per relay pass, handed or swept. */
    @WithDefault("200")
    int batchSize();

    /** Longest idle wait of the relay between two looks at its handed outboxes and its sweep timer; reads nothing. */
    @WithDefault("PT1S")
    Duration pollInterval();

    /**
     * How often the relay sweeps, that is reads every pending outbox from the store (a scan on the embedded engine),
     * when nothing else asked for a sweep: it finds what another instance, or a writer that crashed before handing
     * its write over, left behind. A sweep also runs at start, after a failure, after an erasure and when the
     * handed outboxes overflow. Five minutes, not less: on the embedded engine each sweep reads the writers' whole
     * collection (every lead the service ever stored) under its lock, and in the steady state the sweep finds nothing
     * the handed outboxes did not already publish. The cost of a long interval falls only on an event whose writer
     * crashed between its write and the hand-over and whose instance does not start again (a restart sweeps at once).
     */
    @WithDefault("PT5M")
    Duration sweepInterval();

    /**
     * Most leads whose handed outboxes may wait in memory; past it they are dropped and the relay sweeps instead
     * (the events are stored, so nothing is lost).
     */
    @WithDefault("10000")
    int handedLimit();

    /** How long the relay waits for the broker's acknowledgement of one round of sends before trying again later. */
    @WithDefault("PT15S")
    Duration sendTimeout();

    /** Longest pause between attempts while the broker is unreachable. */
    @WithDefault("PT5S")
    Duration maxBackoff();
}
