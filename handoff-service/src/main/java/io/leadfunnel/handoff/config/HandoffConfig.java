package io.leadfunnel.handoff.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** handoff-service settings, under {@code funnel.handoff}. */
@ConfigMapping(prefix = "funnel.handoff")
public interface HandoffConfig {

    /** SLA timers. */
    Sla sla();

    /** Routing defaults. */
    Routing routing();

    /** The definition pointer, routing table and reps kept in memory. */
    Cache cache();

    interface Sla {
        /** How often the timer looks for SLA clocks that ran out (breaches are published within this plus a pass). */
        @WithDefault("5s")
        String checkInterval();

        /** Most due hand-offs handled per timer pass. */
        @WithDefault("200")
        int batchSize();

        /**
         * How often the timer reads every stored clock again (a scan of the lifecycles), besides at start: how late a
         * clock that another instance stored, or that a write left unknown here, is seen. Between sweeps the timer
         * finds due clocks in memory ({@code DueTimeIndex}).
         */
        @WithDefault("5m")
        Duration sweepInterval();

        /**
         * Most SLA clocks held in memory (about 200 bytes each). With more open, the timer queries the store for the
         * due ones on every pass, as without the index.
         */
        @WithDefault("50000")
        int clocksInMemory();
    }

    interface Routing {
        /** The queue that catches leads before any routing table was stored. */
        @WithDefault("inbound")
        String fallbackQueue();

        /**
         * How often the open hand-offs per rep are counted again from the lifecycles (a scan), correcting a count a
         * crash between a hand-off's write and its count's left wrong.
         */
        @WithDefault("15m")
        String recountInterval();
    }

    interface Cache {
        /**
         * How long the active definition pointer, the routing table and the reps are used before being read again:
         * how late a change made through another instance is seen here (changes through this instance are seen at once).
         */
        @WithDefault("5s")
        Duration refreshInterval();
    }
}
