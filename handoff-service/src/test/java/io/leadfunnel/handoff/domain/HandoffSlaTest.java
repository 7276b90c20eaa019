package io.leadfunnel.handoff.domain;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HandoffSlaTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void without_business_hours_the_clock_runs_round_the_clock() {
        HandoffSla sla = new HandoffSla(Duration.ofHours(4), Duration.ofHours(24), null);
        assertThat(sla.acceptDueAt(Instant.parse("2026-03-06T22:00:00Z"))).isEqualTo("2026-03-07T02:00:00Z");
        assertThat(sla.firstContactDueAt(Instant.parse("2026-03-06T22:00:00Z"))).isEqualTo("2026-03-07T22:00:00Z");
    }

    @Test
    void a_hand_off_late_on_friday_is_due_on_monday_morning_in_the_calendar_zone() {
        // given 9-17 Monday to Friday in Berlin (UTC+1 in March) and a 4-hour accept SLA
        HandoffSla sla = new HandoffSla(Duration.ofHours(4), Duration.ofHours(8), BusinessHours.weekdays(BERLIN));
        // when the hand-off is made Friday 15:00 Berlin time (14:00 UTC)
        Instant due = sla.acceptDueAt(Instant.parse("2026-03-06T14:00:00Z"));
        // then 2 hours run on Friday and 2 on Monday: Monday 11:00 Berlin
        assertThat(due).isEqualTo("2026-03-09T10:00:00Z");
    }

    @Test
    void a_hand_off_at_night_starts_counting_when_the_business_opens() {
        HandoffSla sla = new HandoffSla(Duration.ofMinutes(30), Duration.ofHours(8), BusinessHours.weekdays(BERLIN));
        // Tuesday 03:00 Berlin -> due Tuesday 09:30 Berlin
        assertThat(sla.acceptDueAt(Instant.parse("2026-03-03T02:00:00Z"))).isEqualTo("2026-03-03T08:30:00Z");
        // a full working day from opening ends at closing
        assertThat(sla.firstContactDueAt(Instant.parse("2026-03-03T08:00:00Z"))).isEqualTo("2026-03-03T16:00:00Z");
    }

    @Test
    void holidays_and_daylight_saving_are_respected() {
        // given Good Friday 2026-04-03 is a holiday and Berlin is on UTC+2 after 29 March
        BusinessHours hours = new BusinessHours(BERLIN, Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
                DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(17, 0),
                Set.of(LocalDate.of(2026, 4, 3), LocalDate.of(2026, 4, 6)));
        // when 1 working hour is added at Thursday 16:30 Berlin
        Instant due = hours.plusWorkingTime(Instant.parse("2026-04-02T14:30:00Z"), Duration.ofHours(1));
        // then the half hour left runs Tuesday 7 April from 09:00 Berlin (07:00 UTC)
        assertThat(due).isEqualTo("2026-04-07T07:30:00Z");
    }
}
