package io.leadfunnel.handoff.domain;

/** What sales can do to a lead; which ones are allowed depends on its stage. */
public enum LeadAction {
    ACCEPT, REJECT, QUALIFY, CLOSE_WON, CLOSE_LOST, REASSIGN
}
