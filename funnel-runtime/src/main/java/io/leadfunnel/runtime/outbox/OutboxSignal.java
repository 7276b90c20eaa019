package io.leadfunnel.runtime.outbox;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Wakes the outbox relay as soon as a write stored new events, instead of waiting for its next poll. */
@ApplicationScoped
public class OutboxSignal {

    private final Semaphore permits = new Semaphore(0);
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

    /** New events are stored. */
    public void wake() {
        if (permits.availablePermits() == 0) {
            permits.release();
        }
    }

    /** Waits until woken or until the timeout passes. */
    public void await(long timeout, TimeUnit unit) throws InterruptedException {
        if (permits.tryAcquire(timeout, unit)) {
            permits.drainPermits();
        }
    }
}
