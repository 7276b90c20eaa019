package io.leadfunnel.handoff.messaging;

/** Reactive Messaging channel names, configured in application.properties. */
public final class Channels {

    /** {@code lead.events}, from lead-service. */
    public static final String LEAD_EVENTS_IN = "lead-events-in";

    /** {@code lead.scores}, from scoring-service. */
    public static final String SCORES_IN = "scores-in";

    private Channels() {
    }
}
