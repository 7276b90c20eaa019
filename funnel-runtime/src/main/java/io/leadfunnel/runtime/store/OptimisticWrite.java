package io.leadfunnel.runtime.store;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The optimistic write of a lead's document: each attempt loads, changes and writes guarded by the version it read,
 * holding the lead's {@link LeadLocks} lock; an attempt that lost the race to another writer is tried again after a
 * pause taken outside the lock, so the winner is not kept waiting. When the last attempt loses too, the call ends with
 * a {@link ConcurrentUpdateException}, which is transient: a consumer applies its record again, a request gets 503.
 * Each service sets how many attempts and how long a pause suit the contention it sees.
 */
public final class OptimisticWrite {

    /** The pause after the {@code lostRaces}-th lost race, before the next attempt. */
    @FunctionalInterface
    public interface BackOff {
        void pause(int lostRaces);
    }

    /** What one attempt reports: done (written, or nothing left to write) with its result, or lost the race. */
    public record Attempt<T>(boolean done, T value) {

        public static <T> Attempt<T> done(T value) {
            return new Attempt<>(true, value);
        }

        public static <T> Attempt<T> lostRace() {
            return new Attempt<>(false, null);
        }
    }

    private final LeadLocks locks;
    private final int attempts;
    private final BackOff backOff;
    private final Function<String, ? extends ConcurrentUpdateException> exhausted;

    /**
     * @param attempts  how many attempts before giving up
     * @param exhausted the exception that ends the call, from the description of the write
     */
    public OptimisticWrite(LeadLocks locks, int attempts, BackOff backOff,
                           Function<String, ? extends ConcurrentUpdateException> exhausted) {
        if (attempts < 1) {
            throw new IllegalArgumentException("at least one attempt, not " + attempts);
        }
        this.locks = locks;
        this.attempts = attempts;
        this.backOff = backOff;
        this.exhausted = exhausted;
    }

    /**
     * Runs {@code attempt} holding the lock of {@code leadId} until it reports the write done.
     *
     * @param what the write, for the exception that ends a call that kept losing
     * @return the value of the attempt that was done (may be null)
     */
    public <T> T write(String leadId, String what, Supplier<Attempt<T>> attempt) {
        return retry(what, () -> locks.withLock(leadId, attempt));
    }

    /**
     * Runs {@code attempt} until it reports the write done, without a lock of its own: for an attempt that learns only
     * as it goes which lead it writes, and takes that lead's lock itself.
     */
    public <T> T retry(String what, Supplier<Attempt<T>> attempt) {
        for (int tried = 1; ; tried++) {
            Attempt<T> outcome = attempt.get();
            if (outcome.done()) {
                return outcome.value();
            }
            if (tried >= attempts) {
                throw exhausted.apply(what);
            }
            backOff.pause(tried);
        }
    }

    /**
     * The optimistic write of many leads at once (a consumer's poll): {@code attempt} reads, changes and writes the
     * leads it is given, holding their locks ({@link LeadLocks#withLocks}), and returns those that lost the race to
     * another writer (another process); only those are tried again, after a pause taken outside the locks. When leads
     * still lose after the last attempt, the call ends with the exhausted exception (transient).
     *
     * @param what the write, for the exception that ends a call that kept losing
     */
    public void writeEach(Collection<String> leadIds, String what, Function<Set<String>, Set<String>> attempt) {
        Set<String> pending = new LinkedHashSet<>(leadIds);
        for (int tried = 1; !pending.isEmpty(); tried++) {
            Set<String> given = Set.copyOf(pending);
            Set<String> lost = new LinkedHashSet<>(locks.withLocks(given, () -> attempt.apply(given)));
            lost.retainAll(pending);
            if (lost.isEmpty()) {
                return;
            }
            if (tried >= attempts) {
                throw exhausted.apply(what + " (" + lost.size() + " of " + leadIds.size() + " leads kept losing)");
            }
            backOff.pause(tried);
            pending = lost;
        }
    }
}
