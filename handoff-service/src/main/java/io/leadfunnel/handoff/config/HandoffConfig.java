package io.leadfunnel.handoff.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** handoff-service settings, under {@code funnel.handoff}. */
@ConfigMapping(prefix = "funnel.handoff")
public interface HandoffConfig {

    /** The outbox relay that publishes lifecycle events to Kafka. */
    Outbox outbox();

    /** SLA timers. */
    Sla sla();

    /** Routing defaults. */
    Routing routing();

    interface Outbox {
        /** Leads whose events are published per relay pass. */
        @WithDefault("200")
        int batchSize();

        /** How often the relay looks for unpublished events when nothing wakes it. */
        @WithDefault("PT1S")
        Duration pollInterval();

        /** How long the relay waits for the broker's acknowledgement before trying again later. */
        @WithDefault("PT15S")
        Duration sendTimeout();

        /** Longest pause between attempts while the broker is unreachable. */
        @WithDefault("PT5S")
        Duration maxBackoff();
    }

    interface Sla {
        /** How often the timer looks for SLA clocks that ran out (breaches are published within this plus a pass). */
        @WithDefault("5s")
        String checkInterval();

        /** Most due hand-offs handled per timer pass. */
        @WithDefault("200")
        int batchSize();
    }

    interface Routing {
        /** The queue that catches leads before any routing table was stored. */
        @WithDefault("inbound")
        String fallbackQueue();
    }
}
