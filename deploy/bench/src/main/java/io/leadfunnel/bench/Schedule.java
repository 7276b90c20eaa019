package io.leadfunnel.bench;

/**
 * The open-model arrival schedule: sends at a fixed rate, whatever the answers do. Send {@code i} is intended at
 * {@code start + i / rate}; latency is measured from that intended time, so a sender held back by a slow system still
 * charges the wait to the system (no coordinated omission).
 */
public record Schedule(double ratePerSecond, long count) {

    public Schedule {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
    }

    /** The schedule of {@code seconds} at {@code ratePerSecond} (rounded to whole sends, at least one). */
    public static Schedule of(double ratePerSecond, double seconds) {
        return new Schedule(ratePerSecond, Math.max(1, Math.round(ratePerSecond * seconds)));
    }

    /** Nanoseconds after the start at which send {@code i} is intended. */
    public long offsetNanos(long i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException(i);
        }
        return Math.round(i * 1_000_000_000d / ratePerSecond);
    }

    /** Planned duration in seconds (from the first send to one interval after the last). */
    public double seconds() {
        return count / ratePerSecond;
    }
}
