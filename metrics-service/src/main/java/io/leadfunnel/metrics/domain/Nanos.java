package io.leadfunnel.metrics.domain;

import java.time.Instant;

/** Instants as nanoseconds since the epoch, for comparing and subtracting many of them without objects. */
public final class Nanos {

    /** No instant (a null one). */
    public static final long NONE = Long.MIN_VALUE;

    private static final long PER_SECOND = 1_000_000_000L;

    private Nanos() {
    }

    /** Nanoseconds since the epoch, saturated outside the years 1678 to 2261; {@link #NONE} for null. */
    public static long of(Instant at) {
        if (at == null) {
            return NONE;
        }
        long seconds = at.getEpochSecond();
        if (seconds > Long.MAX_VALUE / PER_SECOND - 1) {
            return Long.MAX_VALUE;
        }
        if (seconds < Long.MIN_VALUE / PER_SECOND + 1) {
            return Long.MIN_VALUE + 1;
        }
        return seconds * PER_SECOND + at.getNano();
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, PER_SECOND), Math.floorMod(nanos, PER_SECOND));
    }

    /** Whole seconds from {@code from} to {@code to}, rounded down. */
    public static long secondsBetween(long from, long to) {
        return Math.floorDiv(to - from, PER_SECOND);
    }
}
