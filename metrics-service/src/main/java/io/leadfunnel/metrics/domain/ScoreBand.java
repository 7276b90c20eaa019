package io.leadfunnel.metrics.domain;

/** Band of the lead's latest total score (0..100). */
public enum ScoreBand {
    /** Total 0 to 39. */
    LOW,
    /** Total 40 to 69. */
    MEDIUM,
    /** Total 70 to 100. */
    HIGH,
    /** Never scored. */
    UNSCORED;

    public static ScoreBand of(Integer total) {
        if (total == null) {
            return UNSCORED;
        }
        return total < 40 ? LOW : total < 70 ? MEDIUM : HIGH;
    }

    public String label() {
        return name().toLowerCase();
    }
}
