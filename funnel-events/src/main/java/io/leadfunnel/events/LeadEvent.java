package io.leadfunnel.events;

/** Events on {@link Topics#LEAD_EVENTS}, produced by lead-service. */
public sealed interface LeadEvent extends FunnelEvent
        permits LeadCaptured, LeadProfileUpdated, LeadActivityRecorded, LeadErased {

    /** Name of the producing service. */
    String PRODUCER = "lead-service";

    /** Per-lead sequence number assigned by lead-service, strictly increasing for one lead. */
    long sequence();
}
