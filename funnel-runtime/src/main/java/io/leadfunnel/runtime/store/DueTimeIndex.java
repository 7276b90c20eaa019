package io.leadfunnel.runtime.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * A due time stored on each lead's document (handoff-service's SLA clocks, {@code timerDueAt}; scoring-service's next
 * decay evaluation, {@code nextEvaluationAt}), indexed in memory by due time, so that a timer finds the leads that
 * came due without a query on that field. The embedded MongoDB engine builds no non-unique index, so that query
 * scanned every document the service ever stored, holding the collection's lock while the consumers waited to write
 * (1.5 s per pass at about 17,000 lifecycles, every 30 s).
 *
 * <p>The service's repository tells it each due time a write of this instance stored or removed ({@link #set}); a
 * sweep ({@link #swept}) adds the due times stored by anyone, read with one scan at start and then rarely, for what
 * other instances wrote or a write left unknown (one that failed after the store applied it). A due time here that is
 * no longer stored, or stored later, costs one read: the timer reads each lead it finds due before it acts, and
 * indexes the due time it found stored.
 *
 * <p>It holds at most {@code limit} due times. When more are stored, it is not {@link #complete()}: the timer then asks
 * the store on every pass, as without this index, until a sweep finds no more than the limit.
 */
public final class DueTimeIndex {

    private record Due(Instant dueAt, String leadId) implements Comparable<Due> {
        @Override
        public int compareTo(Due other) {
            int byDue = dueAt.compareTo(other.dueAt);
            return byDue != 0 ? byDue : leadId.compareTo(other.leadId);
        }
    }

    private final int limit;
    private final Map<String, Instant> byLead = new HashMap<>();
    private final NavigableSet<Due> byDue = new TreeSet<>();
    /**
     * Whether every stored due time is held: false before the first sweep, and from one left out until a sweep that
     * fits.
     */
    private boolean complete;
    /**
     * When this index last swept ({@link #sweepWhenDue}), under a lock of its own: a sweep's read of the store does not
     * hold up the writers' {@link #set}.
     */
    private final SweepClock sweeps = new SweepClock();

    /** @param limit the most due times held; past it the index is no longer complete */
    public DueTimeIndex(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        this.limit = limit;
    }

    /** The lead's due time as a write left it: {@code dueAt}, or none ({@code null}). */
    public synchronized void set(String leadId, Instant dueAt) {
        Instant before = byLead.remove(leadId);
        if (before != null) {
            byDue.remove(new Due(before, leadId));
        }
        if (dueAt != null) {
            add(leadId, dueAt);
        }
    }

    /**
     * Adds the due times a sweep read. Of a lead held here already, the earlier of the two is kept: the one held may be
     * newer (a write here since the sweep read) or older (another instance wrote since), and an early due time only
     * costs a read when it comes, while a late one would act late.
     *
     * @param all whether {@code stored} is every due time stored (the sweep read them all, not up to a limit)
     */
    public synchronized void swept(Map<String, Instant> stored, boolean all) {
        boolean fits = all;
        for (Map.Entry<String, Instant> entry : stored.entrySet()) {
            Instant held = byLead.get(entry.getKey());
            if (held == null || entry.getValue().isBefore(held)) {
                if (held != null) {
                    byLead.remove(entry.getKey());
                    byDue.remove(new Due(held, entry.getKey()));
                }
                fits &= add(entry.getKey(), entry.getValue());
            }
        }
        complete = fits;
    }

    /** Leads due at {@code now} or before, earliest first, at most {@code max}. */
    public synchronized List<String> due(Instant now, int max) {
        List<String> due = new ArrayList<>();
        for (Due held : byDue) {
            if (held.dueAt.isAfter(now) || due.size() == max) {
                break;
            }
            due.add(held.leadId);
        }
        return due;
    }

    /**
     * Sweeps at the first call and then once {@code interval} has passed since the last sweep: reads the stored due
     * times with {@code storedUpTo} (given how many to read at most: one more than this index holds, so that it can
     * tell whether they all fit) and adds them ({@link #swept}).
     *
     * @return how many due times the sweep read, or -1 when it was not yet time to sweep
     */
    public int sweepWhenDue(Duration interval, IntFunction<Map<String, Instant>> storedUpTo) {
        synchronized (sweeps) {
            long nanos = System.nanoTime();
            if (sweeps.swept && nanos - sweeps.last < interval.toNanos()) {
                return -1;
            }
            Map<String, Instant> stored = storedUpTo.apply(limit + 1);
            swept(stored, stored.size() <= limit);
            sweeps.swept = true;
            sweeps.last = nanos;
            return stored.size();
        }
    }

    /** Whether every stored due time is here (as of the last sweep and the writes since). */
    public synchronized boolean complete() {
        return complete;
    }

    /** The number of due times held. */
    public synchronized int size() {
        return byLead.size();
    }

    /**
     * Adds the due time of a lead not held. When full, the latest gives way to an earlier one, or the new one is left
     * out; either way the index is no longer complete.
     *
     * @return whether nothing was left out
     */
    private boolean add(String leadId, Instant dueAt) {
        Due added = new Due(dueAt, leadId);
        if (byLead.size() < limit) {
            byLead.put(leadId, dueAt);
            byDue.add(added);
            return true;
        }
        complete = false;
        Due latest = byDue.last();
        if (latest.compareTo(added) > 0) {
            byDue.pollLast();
            byLead.remove(latest.leadId);
            byLead.put(leadId, dueAt);
            byDue.add(added);
        }
        return false;
    }

    /** Whether a sweep ran yet, and when ({@link System#nanoTime}). */
    private static final class SweepClock {
        private boolean swept;
        private long last;
    }
}
