package io.leadfunnel.events;

/**
 * The funnel's stages: {@code LEAD -> MQL -> SAL -> SQL -> WON | LOST}, with the side exits {@code RECYCLED} (sales
 * rejected the lead with a reason; it returns to marketing) and {@code DISQUALIFIED}.
 */
public enum Stage {
    /** Captured, not yet qualified. */
    LEAD,
    /** Marketing-qualified: meets the agreed definition's marketing criteria and score. */
    MQL,
    /** Sales accepted the hand-off. */
    SAL,
    /** Sales confirmed the qualification criteria. */
    SQL,
    /** Closed as won. */
    WON,
    /** Closed as lost. */
    LOST,
    /** Rejected by sales with a reason and returned to marketing for nurturing. */
    RECYCLED,
    /** Removed from the funnel for good. */
    DISQUALIFIED;

    /** Whether no further stage change is expected. */
    public boolean isClosed() {
        return this == WON || this == LOST || this == DISQUALIFIED;
    }
}
