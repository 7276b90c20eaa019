package io.leadfunnel.metrics.domain;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/** Calendar buckets in UTC; weeks start on Monday (ISO). */
public enum Bucket {
    DAY, WEEK, MONTH;

    public Instant start(Instant at) {
        LocalDate date = at.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate start = switch (this) {
            case DAY -> date;
            case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> date.withDayOfMonth(1);
        };
        return start.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public Instant next(Instant bucketStart) {
        LocalDate date = bucketStart.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate next = switch (this) {
            case DAY -> date.plusDays(1);
            case WEEK -> date.plusWeeks(1);
            case MONTH -> date.plusMonths(1);
        };
        return next.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The shortest length a bucket of this kind has, for bounding how many a range holds. */
    public Duration typicalLength() {
        switch (this) {
            case DAY:
                return Duration.ofDays(1);
            case WEEK:
                return Duration.ofDays(7);
            default:
                return Duration.ofDays(28);
        }
    }

    public static Bucket parse(String value) {
        return valueOf(value.trim().toUpperCase());
    }
}
