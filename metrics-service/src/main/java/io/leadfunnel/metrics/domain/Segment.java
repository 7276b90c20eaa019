package io.leadfunnel.metrics.domain;

/** Company-size segment, a bounded vocabulary (safe as a Prometheus label). */
public enum Segment {
    /** 1 to 49 employees. */
    SMALL,
    /** 50 to 999 employees. */
    MID,
    /** 1000 employees or more. */
    ENTERPRISE,
    /** Company size not known. */
    UNKNOWN;

    public static Segment of(Integer companySize) {
        if (companySize == null || companySize < 1) {
            return UNKNOWN;
        }
        return companySize < 50 ? SMALL : companySize < 1000 ? MID : ENTERPRISE;
    }

    public String label() {
        return name().toLowerCase();
    }
}
