package io.leadfunnel.events;

/** Events on {@link Topics#LEAD_SCORES}, produced by scoring-service. */
public sealed interface ScoreEvent extends FunnelEvent permits LeadScored {

    /** Name of the producing service. */
    String PRODUCER = "scoring-service";
}
