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

    /** How often the relay looks for unpublished events when nothing wakes it. */
    @WithDefault("PT1S")
    Duration pollInterval();

    /** How long the relay waits for the broker's acknowledgement of one round of sends before trying again later. */
    @WithDefault("PT15S")
    Duration sendTimeout();

    /** Longest pause between attempts while the broker is unreachable. */
    @WithDefault("PT5S")
    Duration maxBackoff();
}
