package io.leadfunnel.handoff.domain;

/** The SQL qualification checklist sales confirms for a lead (the agreed definition says which items are required). */
public enum ChecklistItem {
    /** Decision maker and key influencers named. */
    BUYING_CENTER,
    /** Where the buyer is in the buying cycle. */
    BUYING_CYCLE_POSITION,
    /** Budget confirmed. */
    BUDGET,
    /** Timeline of the purchase. */
    TIMELINE,
    /** Obstacles identified. */
    OBSTACLES,
    /** Main competitor identified. */
    MAIN_COMPETITOR
}
