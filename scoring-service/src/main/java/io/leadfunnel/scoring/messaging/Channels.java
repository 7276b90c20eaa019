package io.leadfunnel.scoring.messaging;

/** Reactive Messaging channel names, configured in application.properties. */
public final class Channels {

    /** {@code lead.events}, from lead-service. */
    public static final String LEAD_EVENTS_IN = "lead-events-in";

    private Channels() {
    }
}
