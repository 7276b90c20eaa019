package io.leadfunnel.handoff.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * What happens to a lead sales rejected.
 *
 * @param waitingTime      how long a recycled lead waits before it may qualify again
 * @param maxRecycles how many times a lead may be recycled; the next rejection disqualifies it
 */
public record Recycling(Duration waitingTime, int maxRecycles) {

    public Recycling {
        Objects.requireNonNull(waitingTime, "waitingTime");
        if (waitingTime.isNegative() || maxRecycles < 0) {
            throw new IllegalArgumentException("recycling wait and maximum must not be negative");
        }
    }
}
