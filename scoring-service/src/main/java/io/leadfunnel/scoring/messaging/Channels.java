package io.leadfunnel.scoring.messaging;

/** Reactive Messaging channel names, configured in application.properties. */
public final class Channels {

    /** {@code lead.events}, from lead-service. */
    public static final String LEAD_EVENTS_IN = "lead-events-in";

    /** {@code lead.profiles}, the leads' personal values from lead-service (compacted; null value = erased). */
    public static final String LEAD_PROFILES_IN = "lead-profiles-in";

    private Channels() {
    }
}
