package io.leadfunnel.scoring.config;

import io.leadfunnel.runtime.store.DueTimeIndex;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

/** The one clock scoring reads time from: decay depends on it, so tests replace it with one they control. */
public class ClockProducer {

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The stored next evaluation times, in memory, for the decay pass ({@code DecayEvaluation}). */
    @Produces
    @ApplicationScoped
    DueTimeIndex decayDue(ScoringConfig config) {
        return new DueTimeIndex(config.decay().dueInMemory());
    }
}
