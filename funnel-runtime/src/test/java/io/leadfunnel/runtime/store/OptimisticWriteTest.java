package io.leadfunnel.runtime.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptimisticWriteTest {

    private final LeadLocks locks = new LeadLocks();
    private final List<Integer> pauses = new ArrayList<>();

    private OptimisticWrite write(int attempts) {
        return new OptimisticWrite(locks, attempts, pauses::add,
                what -> new ConcurrentUpdateException("gave up " + what));
    }

    @Test
    void a_write_that_wins_at_once_does_not_pause() {
        String value = write(3).write("l-1", "updating l-1", () -> OptimisticWrite.Attempt.done("done"));

        assertThat(value).isEqualTo("done");
        assertThat(pauses).isEmpty();
    }

    @Test
    void a_write_that_lost_races_pauses_after_each_and_tries_again() {
        AtomicInteger tries = new AtomicInteger();

        String value = write(5).write("l-1", "updating l-1", () -> tries.incrementAndGet() < 3
                ? OptimisticWrite.Attempt.lostRace() : OptimisticWrite.Attempt.done("third"));

        assertThat(value).isEqualTo("third");
        assertThat(tries).hasValue(3);
        assertThat(pauses).containsExactly(1, 2);
    }

    @Test
    void nothing_to_write_ends_the_call_with_the_attempt_result_even_null() {
        Object value = write(3).write("l-1", "reading l-1", () -> OptimisticWrite.Attempt.done(null));

        assertThat(value).isNull();
        assertThat(pauses).isEmpty();
    }

    @Test
    void after_the_last_lost_race_the_call_ends_without_another_pause() {
        AtomicInteger tries = new AtomicInteger();

        assertThatThrownBy(() -> write(4).write("l-1", "updating l-1", () -> {
            tries.incrementAndGet();
            return OptimisticWrite.Attempt.lostRace();
        })).isInstanceOf(ConcurrentUpdateException.class).hasMessage("gave up updating l-1");
        assertThat(tries).hasValue(4);
        assertThat(pauses).containsExactly(1, 2, 3);
    }

    @Test
    void the_exception_is_the_one_the_service_names() {
        class LeadContended extends ConcurrentUpdateException {
            LeadContended(String what) {
                super("too many concurrent changes while " + what);
            }
        }
        OptimisticWrite write = new OptimisticWrite(locks, 1, pauses::add, LeadContended::new);

        assertThatThrownBy(() -> write.write("l-1", "erasing l-1", OptimisticWrite.Attempt::lostRace))
                .isInstanceOf(LeadContended.class).hasMessage("too many concurrent changes while erasing l-1");
        assertThat(pauses).isEmpty();
    }

    @Test
    void an_attempt_holds_the_lead_lock_and_the_pause_does_not() {
        List<Boolean> othersGotTheLock = new ArrayList<>();
        AtomicInteger tries = new AtomicInteger();
        OptimisticWrite write = new OptimisticWrite(locks, 2,
                lost -> othersGotTheLock.add(otherWriterGetsLock("l-1")),
                what -> new ConcurrentUpdateException(what));

        write.write("l-1", "updating l-1", () -> {
            othersGotTheLock.add(otherWriterGetsLock("l-1"));
            return tries.incrementAndGet() == 1 ? OptimisticWrite.Attempt.lostRace()
                    : OptimisticWrite.Attempt.done(true);
        });

        assertThat(othersGotTheLock).containsExactly(false, true, false);
    }

    @Test
    void retry_leaves_locking_to_the_attempt() {
        List<Boolean> othersGotTheLock = new ArrayList<>();

        write(2).retry("capturing a lead", () -> {
            othersGotTheLock.add(otherWriterGetsLock("l-1"));
            return OptimisticWrite.Attempt.done(null);
        });

        assertThat(othersGotTheLock).containsExactly(true);
    }

    @Test
    void a_write_needs_an_attempt() {
        assertThatThrownBy(() -> write(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Whether another thread takes the lead's lock within a moment (it waits while this thread holds it). */
    private boolean otherWriterGetsLock(String leadId) {
        CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> locks.withLock(leadId, () -> true),
                work -> new Thread(work).start());
        try {
            return other.get(100, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_write_of_many_leads_tries_again_only_those_that_lost() {
        List<Set<String>> given = new ArrayList<>();

        write(3).writeEach(List.of("l-1", "l-2", "l-3"), "a poll", leads -> {
            given.add(leads);
            return given.size() == 1 ? Set.of("l-2") : Set.of();
        });

        assertThat(given).containsExactly(Set.of("l-1", "l-2", "l-3"), Set.of("l-2"));
        assertThat(pauses).containsExactly(1);
    }

    @Test
    void a_write_of_many_leads_gives_up_after_the_last_attempt() {
        AtomicInteger tries = new AtomicInteger();

        assertThatThrownBy(() -> write(2).writeEach(List.of("l-1", "l-2"), "a poll", leads -> {
            tries.incrementAndGet();
            return Set.of("l-1");
        })).isInstanceOf(ConcurrentUpdateException.class).hasMessageContaining("1 of 2 leads");
        assertThat(tries).hasValue(2);
        assertThat(pauses).containsExactly(1);
    }

    @Test
    void a_write_of_many_leads_holds_their_locks_while_it_attempts() throws Exception {
        List<Boolean> othersCouldLock = new ArrayList<>();

        write(3).writeEach(List.of("l-1", "l-2"), "a poll", leads -> {
            CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> locks.withLock("l-2", () -> true));
            try {
                other.get(200, TimeUnit.MILLISECONDS);
                othersCouldLock.add(true);
            } catch (TimeoutException e) {
                othersCouldLock.add(false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Set.of();
        });

        assertThat(othersCouldLock).containsExactly(false);
        assertThat(locks.withLock("l-2", () -> "free again")).isEqualTo("free again");
    }
}
