package io.leadfunnel.runtime.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How writers reach the outbox relay without it reading MongoDB: a writer hands over the outbox its acknowledged
 * write left in the document ({@link #stored}), and the relay publishes that snapshot. What is not handed over (a
 * write on another instance, a crash between write and hand-over, snapshots dropped on overflow or erasure) is found
 * by the relay's sweep.
 */
@ApplicationScoped
public class OutboxSignal {

    private final Semaphore permits = new Semaphore(0);
    private final HandedOutboxes handed;
    private final AtomicBoolean sweepRequested = new AtomicBoolean(true);
    private final AtomicLong rewrites = new AtomicLong();
    private volatile Runnable discardInFlight = () -> { };

    @Inject
    public OutboxSignal(OutboxConfig config) {
        this(config.handedLimit());
    }

    /** A signal whose relay keeps up to {@code handedLimit} leads' handed outboxes in memory. */
    public OutboxSignal(int handedLimit) {
        this.handed = new HandedOutboxes(handedLimit);
    }

    /** A signal with the default limit of handed outboxes. */
    public OutboxSignal() {
        this(10_000);
    }

    /** Registers what drops events sent but not yet acknowledged (the relay's producer), see {@link #rewritten()}. */
    public void onRewritten(Runnable discardInFlight) {
        this.discardInFlight = discardInFlight;
    }

    /**
     * A write of {@code leadId} was acknowledged and left {@code outbox} in the document: every event it holds now,
     * oldest first, not only those this write appended. Call it while the lead's writes are still held off (under its
     * lock) where an erasure of the same lead could otherwise follow before the hand-over. The relay keeps the
     * newest snapshot per lead and publishes it without reading the store.
     *
     * @param version the document version the write stored, which the relay's clearing is guarded by
     */
    public void stored(String leadId, long version, List<OutboxEvent> outbox) {
        if (outbox.isEmpty()) {
            return;
        }
        if (!handed.offer(new PendingOutbox(leadId, version, outbox))) {
            sweepRequested.set(true);
        }
        release();
    }

    /**
     * Stored events were rewritten (an erasure removed personal data from them): copies sent but not yet acknowledged
     * must not reach the broker, so they are dropped, and so is every snapshot handed over before; the relay then
     * sweeps and publishes the stored version.
     */
    public void rewritten() {
        rewrites.incrementAndGet();
        handed.clear();
        sweepRequested.set(true);
        discardInFlight.run();
        release();
    }

    /** New events are stored that were not handed over with {@link #stored}: the relay sweeps for them. */
    public void wake() {
        sweepRequested.set(true);
        release();
    }

    /** Waits until woken or until the timeout passes. */
    public void await(long timeout, TimeUnit unit) throws InterruptedException {
        if (permits.tryAcquire(timeout, unit)) {
            permits.drainPermits();
        }
    }

    HandedOutboxes handed() {
        return handed;
    }

    /** Whether a sweep was asked for since the last call; clears the request. */
    boolean takeSweepRequest() {
        return sweepRequested.getAndSet(false);
    }

    boolean sweepRequested() {
        return sweepRequested.get();
    }

    /** Counts {@link #rewritten()} calls, so the relay can tell a snapshot taken before one. */
    long rewrites() {
        return rewrites.get();
    }

    private void release() {
        if (permits.availablePermits() == 0) {
            permits.release();
        }
    }
}
