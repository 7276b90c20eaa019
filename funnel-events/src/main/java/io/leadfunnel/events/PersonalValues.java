package io.leadfunnel.events;

/**
 * Where the personal values of a {@link LeadCaptured} or {@link LeadProfileUpdated} travel.
 *
 * <p>{@link Topics#LEAD_EVENTS} keeps its records for ever, and a record cannot be changed once written, so a
 * personal value written there could never be erased. lead-service therefore publishes the personal values
 * (e-mail, names, company, company domain, title) as a {@link LeadPersonalData} on the compacted
 * {@link Topics#LEAD_PROFILES}, and erasure replaces it with a tombstone that log compaction turns into nothing.
 */
public enum PersonalValues {

    /**
     * The event's profile holds the personal values itself: records written before the values moved to
     * {@link Topics#LEAD_PROFILES}, and events built inside a service before they are published. The default when
     * the field is absent.
     */
    INLINE,

    /**
     * The event's profile holds no personal value. They are on {@link Topics#LEAD_PROFILES}, in a
     * {@link LeadPersonalData} for the same lead whose sequence is at least the event's; a consumer that needs them
     * waits for it, or for the tombstone that says the lead was erased.
     */
    ON_PROFILE_TOPIC
}
