package io.leadfunnel.runtime.store;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serializes this process's read-change-write cycles on one lead. Across processes the optimistic {@code version}
 * check keeps writes correct; within one process the lock spares writers a lost race and a retry, and it keeps a
 * write from being computed on a half-updated read: the embedded MongoDB engine of the tests and the local stack can
 * serve a document while another write to it is being applied, which a version check alone cannot detect. Striped,
 * so memory stays constant whatever the number of leads.
 */
@ApplicationScoped
public class LeadLocks {

    private static final int STRIPES = 1024;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    public LeadLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /**
     * Runs {@code work} holding the locks of all {@code leadIds} (a consumer's poll). The stripes are taken in one
     * global order, so two callers holding several never wait for each other in a circle.
     */
    public <T> T withLocks(Collection<String> leadIds, Supplier<T> work) {
        int[] stripes = leadIds.stream().mapToInt(LeadLocks::stripe).distinct().sorted().toArray();
        int held = 0;
        try {
            for (int stripe : stripes) {
                locks[stripe].lock();
                held++;
            }
            return work.get();
        } finally {
            for (int i = held - 1; i >= 0; i--) {
                locks[stripes[i]].unlock();
            }
        }
    }

    private static int stripe(String leadId) {
        return Math.floorMod(leadId.hashCode(), STRIPES);
    }

    /** Runs {@code work} holding the lock of {@code leadId}. */
    public <T> T withLock(String leadId, Supplier<T> work) {
        ReentrantLock lock = locks[stripe(leadId)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
