package io.leadfunnel.lead.messaging;

/** Reactive Messaging channel names, configured in application.properties. */
public final class Channels {

    /** {@code lead.lifecycle}, from handoff-service. */
    public static final String LIFECYCLE_IN = "lifecycle-in";

    /** {@code lead.scores}, from scoring-service. */
    public static final String SCORES_IN = "scores-in";

    private Channels() {
    }
}
