package io.leadfunnel.handoff.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The stored SLA clocks ({@code timerDueAt} of the lifecycles), indexed in memory by due time, so that the SLA timer
 * finds the clocks that ran out without a query on {@code timerDueAt}. The embedded MongoDB engine builds no
 * non-unique index, so that query scanned every lifecycle ever stored, holding the collection's lock while the
 * consumers waited to write (1.5 s per pass at about 17,000 lifecycles, every 30 s).
 *
 * <p>{@link LifecycleRepository} tells it each clock a write of this instance stored or removed ({@link #set}); a
 * sweep ({@link #swept}) adds the clocks stored by anyone, read with one scan at start and then rarely, for what other
 * instances wrote or a write left unknown (one that failed after the store applied it). A clock here that is no longer
 * stored, or stored later, costs one read: the timer checks each lifecycle it finds due before it acts, and indexes
 * the clock it found stored.
 *
 * <p>It holds at most {@code limit} clocks. When more are open, it is not {@link #complete()}: the timer then asks the
 * store for the due clocks on every pass, as without this index, until a sweep finds no more than the limit open.
 */
public final class SlaClockIndex {

    private record Clock(Instant dueAt, String leadId) implements Comparable<Clock> {
        @Override
        public int compareTo(Clock other) {
            int byDue = dueAt.compareTo(other.dueAt);
            return byDue != 0 ? byDue : leadId.compareTo(other.leadId);
        }
    }

    private final int limit;
    private final Map<String, Instant> byLead = new HashMap<>();
    private final NavigableSet<Clock> byDue = new TreeSet<>();
    /**
     * Whether every stored clock is held: false before the first sweep, and from a clock left out until a sweep that
     * fits.
     */
    private boolean complete;

    /** @param limit the most clocks held; past it the index is no longer complete */
    public SlaClockIndex(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        this.limit = limit;
    }

    /** The lead's clock as a write left it: due at {@code dueAt}, or none ({@code null}). */
    public synchronized void set(String leadId, Instant dueAt) {
        Instant before = byLead.remove(leadId);
        if (before != null) {
            byDue.remove(new Clock(before, leadId));
        }
        if (dueAt != null) {
            add(leadId, dueAt);
        }
    }

    /**
     * Adds the clocks a sweep read. Of a lead held here already, the earlier of the two clocks is kept: the one held
     * may be newer (a write here since the sweep read) or older (another instance wrote since), and an early clock
     * only costs a read when it comes due, while a late one would fire late.
     *
     * @param all whether {@code stored} is every clock stored (the sweep read them all, not up to a limit)
     */
    public synchronized void swept(Map<String, Instant> stored, boolean all) {
        boolean fits = all;
        for (Map.Entry<String, Instant> clock : stored.entrySet()) {
            Instant held = byLead.get(clock.getKey());
            if (held == null || clock.getValue().isBefore(held)) {
                if (held != null) {
                    byLead.remove(clock.getKey());
                    byDue.remove(new Clock(held, clock.getKey()));
                }
                fits &= add(clock.getKey(), clock.getValue());
            }
        }
        complete = fits;
    }

    /** Leads whose clock is due at {@code now} or before, earliest first, at most {@code max}. */
    public synchronized List<String> due(Instant now, int max) {
        List<String> due = new ArrayList<>();
        for (Clock clock : byDue) {
            if (clock.dueAt.isAfter(now) || due.size() == max) {
                break;
            }
            due.add(clock.leadId);
        }
        return due;
    }

    /** Whether every stored clock is here (as of the last sweep and the writes since). */
    public synchronized boolean complete() {
        return complete;
    }

    /** The number of clocks held. */
    public synchronized int size() {
        return byLead.size();
    }

    /**
     * Adds a clock of a lead not held. When full, the latest clock gives way to an earlier one, or the new one is left
     * out; either way the index is no longer complete.
     *
     * @return whether nothing was left out
     */
    private boolean add(String leadId, Instant dueAt) {
        Clock clock = new Clock(dueAt, leadId);
        if (byLead.size() < limit) {
            byLead.put(leadId, dueAt);
            byDue.add(clock);
            return true;
        }
        complete = false;
        Clock latest = byDue.last();
        if (latest.compareTo(clock) > 0) {
            byDue.pollLast();
            byLead.remove(latest.leadId);
            byLead.put(leadId, dueAt);
            byDue.add(clock);
        }
        return false;
    }
}
