package io.leadfunnel.metrics.messaging;

/** Reactive Messaging channel names, configured in application.properties. */
public final class Channels {

    /** {@code lead.events}, from lead-service. */
    public static final String EVENTS_IN = "events-in";

    /** {@code lead.scores}, from scoring-service. */
    public static final String SCORES_IN = "scores-in";

    /** {@code lead.lifecycle}, from handoff-service. */
    public static final String LIFECYCLE_IN = "lifecycle-in";

    private Channels() {
    }
}
