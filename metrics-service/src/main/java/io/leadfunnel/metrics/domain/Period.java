package io.leadfunnel.metrics.domain;

import java.time.Instant;

/** A half-open time range {@code [from, to)}; a null bound is open. */
public record Period(Instant from, Instant to) {

    public static final Period ALL = new Period(null, null);

    public boolean contains(Instant at) {
        return at != null && (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to));
    }
}
