package io.leadfunnel.handoff.domain;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Set;

/**
 * A business-hours calendar: working days, daily opening hours and holidays in one time zone. SLA clocks only run
 * while the business is open.
 */
public record BusinessHours(ZoneId zone, Set<DayOfWeek> days, LocalTime opens, LocalTime closes,
                            Set<LocalDate> holidays) {

    public BusinessHours {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(opens, "opens");
        Objects.requireNonNull(closes, "closes");
        days = days == null || days.isEmpty()
                ? Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)
                : Set.copyOf(days);
        holidays = holidays == null ? Set.of() : Set.copyOf(holidays);
        if (!opens.isBefore(closes)) {
            throw new IllegalArgumentException("opens must be before closes");
        }
    }

    /** Monday to Friday, 9:00 to 17:00 in the zone. */
    public static BusinessHours weekdays(ZoneId zone) {
        return new BusinessHours(zone, null, LocalTime.of(9, 0), LocalTime.of(17, 0), null);
    }

    /** The instant when {@code workingTime} of open hours has passed after {@code start}. */
    public Instant plusWorkingTime(Instant start, Duration workingTime) {
        ZonedDateTime t = start.atZone(zone);
        Duration remaining = workingTime;
        for (int guard = 0; guard < 3660; guard++) {
            t = nextOpenMoment(t);
            ZonedDateTime closing = t.toLocalDate().atTime(closes).atZone(zone);
            Duration available = Duration.between(t, closing);
            if (remaining.compareTo(available) <= 0) {
                return t.plus(remaining).toInstant();
            }
            remaining = remaining.minus(available);
            t = closing;
        }
        throw new IllegalStateException("no business hours within ten years of " + start);
    }

    private ZonedDateTime nextOpenMoment(ZonedDateTime t) {
        ZonedDateTime candidate = t;
        for (int i = 0; i < 3660; i++) {
            LocalDate day = candidate.toLocalDate();
            boolean workingDay = days.contains(day.getDayOfWeek()) && !holidays.contains(day);
            LocalTime time = candidate.toLocalTime();
            if (workingDay && time.isBefore(closes)) {
                return time.isBefore(opens) ? day.atTime(opens).atZone(zone) : candidate;
            }
            candidate = day.plusDays(1).atTime(opens).atZone(zone);
        }
        throw new IllegalStateException("no working day within ten years of " + t);
    }
}
