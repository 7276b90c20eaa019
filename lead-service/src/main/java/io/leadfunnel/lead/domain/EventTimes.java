package io.leadfunnel.lead.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Which reported times are plausible. Each profile value keeps the time of its report and the newest report wins, so
 * a time far in the future would pin a value forever; a time before 1900 is a sender's bug (and beyond year -292 million
 * not even storable as a BSON date).
 */
public final class EventTimes {

    /** The earliest time a report may carry. */
    public static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

    private EventTimes() {
    }

    /**
     * What is wrong with a reported time, if anything.
     *
     * @param now            the receipt time
     * @param futureTolerance how far ahead of {@code now} a sender's clock may be
     */
    public static Optional<String> problem(Instant at, Instant now, Duration futureTolerance) {
        if (at.isBefore(EARLIEST)) {
            return Optional.of("lies too far in the past (before " + EARLIEST + ")");
        }
        if (at.isAfter(now.plus(futureTolerance))) {
            return Optional.of("lies in the future");
        }
        return Optional.empty();
    }
}
