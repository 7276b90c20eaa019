package io.leadfunnel.handoff.messaging;

import io.leadfunnel.events.Topics;

/** Reactive Messaging channel names, configured in application.properties. */
public final class Channels {

    /** {@link Topics#LEAD_EVENTS}, from lead-service. */
    public static final String LEAD_EVENTS_IN = "lead-events-in";

    /** {@link Topics#LEAD_PROFILES}, the leads' personal values from lead-service; tombstones included. */
    public static final String LEAD_PROFILES_IN = "lead-profiles-in";

    /** {@link Topics#LEAD_SCORES}, from scoring-service. */
    public static final String SCORES_IN = "scores-in";

    private Channels() {
    }
}
