package io.leadfunnel.handoff.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Wakes the outbox relay as soon as a write stored new events, instead of waiting for its next poll. */
@ApplicationScoped
public class OutboxSignal {

    private final Semaphore permits = new Semaphore(0);

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
