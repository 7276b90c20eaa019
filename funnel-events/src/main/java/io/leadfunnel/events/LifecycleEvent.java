package io.leadfunnel.events;

/** Events on {@link Topics#LEAD_LIFECYCLE}, produced by handoff-service, the only writer of stages after LEAD. */
public sealed interface LifecycleEvent extends FunnelEvent
        permits LeadStageChanged, HandoffAssigned, HandoffSlaBreached, LeadClosed {

    /** Name of the producing service. */
    String PRODUCER = "handoff-service";
}
