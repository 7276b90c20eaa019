package io.leadfunnel.handoff.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RefreshingValueTest {

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger stored = new AtomicInteger(1);
    private final AtomicInteger reads = new AtomicInteger();
    private final RefreshingValue<Integer> value = new RefreshingValue<>(() -> {
        reads.incrementAndGet();
        return stored.get();
    }, Duration.ofSeconds(5), nanos::get);

    @Test
    void given_a_value_read_when_asked_again_within_the_interval_then_it_is_not_read_again() {
        assertThat(value.get()).isEqualTo(1);
        stored.set(2);
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());

        assertThat(value.get()).isEqualTo(1);
        assertThat(reads).hasValue(1);
    }

    @Test
    void given_a_change_by_another_writer_when_the_interval_has_passed_then_the_new_value_is_read() {
        value.get();
        stored.set(2);
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());

        assertThat(value.get()).isEqualTo(2);
        assertThat(reads).hasValue(2);
    }

    @Test
    void given_a_change_through_this_instance_when_invalidated_then_the_next_call_reads_it_at_once() {
        value.get();
        stored.set(2);
        value.invalidate();

        assertThat(value.get()).isEqualTo(2);
    }

    @Test
    void given_a_read_that_started_before_a_change_when_it_ends_after_the_invalidation_then_it_is_not_kept() {
        AtomicInteger storedLate = new AtomicInteger(1);
        RefreshingValue<Integer>[] self = new RefreshingValue[1];
        self[0] = new RefreshingValue<>(() -> {
            int seen = storedLate.get();
            if (seen == 1) { // the change lands while this read is under way
                storedLate.set(2);
                self[0].invalidate();
            }
            return seen;
        }, Duration.ofSeconds(5), nanos::get);

        assertThat(self[0].get()).isEqualTo(1);
        assertThat(self[0].get()).isEqualTo(2);
    }
}
