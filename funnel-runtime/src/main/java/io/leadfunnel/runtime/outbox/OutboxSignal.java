package io.leadfunnel.runtime.outbox;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Tells the outbox relay that a write stored new events, so it publishes them at once instead of at its next poll.
 * A writer that names the leads it wrote ({@link #written(String)}) lets the relay read just those outboxes by id;
 * {@link #wake()} without names makes it look through every outbox, which background passes may do, rarely.
 */
@ApplicationScoped
public class OutboxSignal {

    private final Semaphore permits = new Semaphore(0);
    private final Set<String> written = ConcurrentHashMap.newKeySet();
    private volatile boolean sweepRequested;
    private volatile Runnable discardInFlight = () -> { };

    /** Registers what drops events sent but not yet acknowledged (the relay's producer), see {@link #rewritten()}. */
    public void onRewritten(Runnable discardInFlight) {
        this.discardInFlight = discardInFlight;
    }

    /**
     * Stored events were rewritten (an erasure removed personal data from them): copies sent but not yet acknowledged
     * must not reach the broker, so they are dropped and the relay publishes the stored version.
     */
    public void rewritten() {
        discardInFlight.run();
        wake();
    }

    /** The write of {@code leadId} stored new events, and MongoDB acknowledged it. */
    public void written(String leadId) {
        written.add(leadId);
        release();
    }

    /** The writes of {@code leadIds} stored new events, and MongoDB acknowledged them. */
    public void written(Collection<String> leadIds) {
        if (!leadIds.isEmpty()) {
            written.addAll(leadIds);
            release();
        }
    }

    /** New events are stored, for leads not named: the relay looks through every outbox. */
    public void wake() {
        sweepRequested = true;
        release();
    }

    /** Waits until woken or until the timeout passes. */
    public void await(long timeout, TimeUnit unit) throws InterruptedException {
        if (permits.tryAcquire(timeout, unit)) {
            permits.drainPermits();
        }
    }

    /** Up to {@code max} of the leads written since they were last taken; they are taken. */
    List<String> takeWritten(int max) {
        List<String> taken = new ArrayList<>(Math.min(max, written.size()));
        for (Iterator<String> it = written.iterator(); it.hasNext() && taken.size() < max; ) {
            taken.add(it.next());
            it.remove();
        }
        return taken;
    }

    /** How many written leads wait to be taken. */
    int writtenWaiting() {
        return written.size();
    }

    /** Whether a sweep was asked for since the last call; the request is taken. */
    boolean takeSweepRequest() {
        boolean requested = sweepRequested;
        sweepRequested = false;
        return requested;
    }

    private void release() {
        if (permits.availablePermits() == 0) {
            permits.release();
        }
    }
}
