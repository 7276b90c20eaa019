package io.leadfunnel.scoring.domain;

/** What a lead's record on lead.profiles did to its scoring state (see {@link LeadScoringState}). */
public enum PersonalDataChange {

    /** Nothing: an older or repeated record, or a lead already erased. */
    NONE,

    /**
     * Taken, but it belongs to a profile event not seen yet while the lead is not waiting: stored, and scored when
     * that event arrives, so a lead is not scored on its personal values alone and then again with its profile.
     */
    AHEAD,

    /** Taken for the profile held, or it opened the gate: the lead is scored again. */
    CURRENT,

    /** A tombstone: the personal attributes are gone, and no score is published until the lead's erasure. */
    ERASED;

    /** Whether the state must be stored. */
    public boolean changed() {
        return this != NONE;
    }

    /** Whether the lead is to be scored again now. */
    public boolean rescores() {
        return this == CURRENT;
    }
}
