package io.leadfunnel.handoff.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The hand-off service level: how long sales has to accept or reject a hand-off, and to contact the lead after
 * accepting. With business hours, the clocks only run while the business is open.
 *
 * @param acceptWithin       time to accept or reject after the hand-off
 * @param firstContactWithin time to first contact after acceptance
 * @param businessHours      calendar the clocks run on, or null for round-the-clock
 */
public record HandoffSla(Duration acceptWithin, Duration firstContactWithin, BusinessHours businessHours) {

    public HandoffSla {
        Objects.requireNonNull(acceptWithin, "acceptWithin");
        Objects.requireNonNull(firstContactWithin, "firstContactWithin");
        if (acceptWithin.isNegative() || acceptWithin.isZero() || firstContactWithin.isNegative()
                || firstContactWithin.isZero()) {
            throw new IllegalArgumentException("SLA durations must be positive");
        }
    }

    /** When a hand-off made at {@code handedOffAt} must be accepted or rejected. */
    public Instant acceptDueAt(Instant handedOffAt) {
        return plus(handedOffAt, acceptWithin);
    }

    /** When a lead accepted at {@code acceptedAt} must have been contacted. */
    public Instant firstContactDueAt(Instant acceptedAt) {
        return plus(acceptedAt, firstContactWithin);
    }

    private Instant plus(Instant start, Duration d) {
        return businessHours == null ? start.plus(d) : businessHours.plusWorkingTime(start, d);
    }
}
