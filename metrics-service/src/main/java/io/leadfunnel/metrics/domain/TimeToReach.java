package io.leadfunnel.metrics.domain;

import java.time.Duration;

/**
 * Times to reach a stage, counted in bins from which the conversion within any window of whole hours up to two days,
 * or of whole days beyond, is exact: bin {@code h} (0 to 48) holds the times in {@code (h-1, h]} hours (bin 0: no
 * time at all), bin {@code 46 + d} the times in {@code (d-1, d]} days for {@code d >= 3}. A time is within a window
 * {@code w} exactly when its bin is at most {@link #limit(Duration) limit(w)}.
 */
public final class TimeToReach {

    private static final long HOUR = Duration.ofHours(1).toNanos();
    private static final long DAY = Duration.ofDays(1).toNanos();
    /** Times up to this many hours are binned by the hour. */
    static final int HOURS = 48;

    private TimeToReach() {
    }

    /** The bin of a time to reach, in nanoseconds (not negative). */
    public static int bin(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a time to reach is not negative: " + nanos);
        }
        if (nanos <= HOURS * HOUR) {
            return (int) ceilDiv(nanos, HOUR);
        }
        return HOURS - 2 + (int) Math.min(Integer.MAX_VALUE - HOURS, ceilDiv(nanos, DAY));
    }

    /**
     * The last bin within {@code window}.
     *
     * @throws IllegalArgumentException when the window is not whole hours up to two days or whole days beyond
     */
    public static int limit(Duration window) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("a window is not negative");
        }
        if (window.compareTo(Duration.ofHours(HOURS)) <= 0) {
            if (!window.equals(Duration.ofHours(window.toHours()))) {
                throw new IllegalArgumentException("a window up to two days is whole hours");
            }
            return (int) window.toHours();
        }
        if (!window.equals(Duration.ofDays(window.toDays()))) {
            throw new IllegalArgumentException("a window over two days is whole days");
        }
        return HOURS - 2 + (int) Math.min(Integer.MAX_VALUE - HOURS, window.toDays());
    }

    private static long ceilDiv(long a, long b) {
        return a / b + (a % b == 0 ? 0 : 1);
    }
}
