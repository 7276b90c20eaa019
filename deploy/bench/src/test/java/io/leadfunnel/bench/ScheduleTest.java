package io.leadfunnel.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleTest {

    @Test
    void givenARateAndADuration_whenPlanned_thenSendsAreEvenlySpacedAtTheIntendedTimes() {
        // given 200 sends per second for 3 seconds
        Schedule schedule = Schedule.of(200, 3);

        // then 600 sends, 5 ms apart, the last one 5 ms before the end
        assertThat(schedule.count()).isEqualTo(600);
        assertThat(schedule.offsetNanos(0)).isZero();
        assertThat(schedule.offsetNanos(1)).isEqualTo(5_000_000L);
        assertThat(schedule.offsetNanos(599)).isEqualTo(2_995_000_000L);
        assertThat(schedule.seconds()).isEqualTo(3.0);
    }

    @Test
    void givenAFractionalRate_whenPlanned_thenTheIntendedTimesDoNotDrift() {
        // given 30 deliveries per second: an interval of 33.33 ms that does not divide evenly
        Schedule schedule = Schedule.of(30, 10);

        // then send 300 would be at exactly 10 s: offsets are computed from the start, not accumulated
        assertThat(schedule.count()).isEqualTo(300);
        assertThat(schedule.offsetNanos(299)).isEqualTo(Math.round(299 * 1e9 / 30));
        assertThat(schedule.offsetNanos(3)).isEqualTo(100_000_000L);
    }

    @Test
    void givenInvalidInput_thenItIsRefused() {
        assertThatThrownBy(() -> Schedule.of(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schedule.of(10, 1).offsetNanos(10)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(Schedule.of(0.1, 1).count()).as("at least one send").isEqualTo(1);
    }
}
