package io.leadfunnel.events;

/** Who brought the lead in; the metrics tell the two apart. */
public enum LeadOrigin {
    /** Campaigns, web forms, events. */
    MARKETING,
    /** Outbound calls, referrals, a rep's own network. */
    SALES
}
