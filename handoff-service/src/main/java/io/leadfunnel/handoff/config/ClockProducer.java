package io.leadfunnel.handoff.config;

import io.leadfunnel.runtime.store.DueTimeIndex;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The one clock the service reads time from, and the SLA clocks held in memory. */
public class ClockProducer {

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    DueTimeIndex slaClocks(HandoffConfig config) {
        return new DueTimeIndex(config.sla().clocksInMemory());
    }
}
