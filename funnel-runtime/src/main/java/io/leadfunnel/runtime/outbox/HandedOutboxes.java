package io.leadfunnel.runtime.outbox;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outboxes writers handed over after their writes were acknowledged, waiting for the relay: the newest snapshot
 * per lead, leads in the order they were first handed. Bounded: past {@code limit} leads everything waiting is
 * dropped and the caller falls back to a sweep, since the events are stored anyway.
 */
final class HandedOutboxes {

    private final int limit;
    private final Map<String, PendingOutbox> waiting = new LinkedHashMap<>();

    HandedOutboxes(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the handed outboxes need room for at least one lead: " + limit);
        }
        this.limit = limit;
    }

    /**
     * Keeps {@code outbox} unless a newer snapshot of the lead waits already.
     *
     * @return false when the limit was reached and everything waiting was dropped
     */
    synchronized boolean offer(PendingOutbox outbox) {
        PendingOutbox current = waiting.get(outbox.leadId());
        if (current != null) {
            if (current.readVersion() < outbox.readVersion()) {
                waiting.put(outbox.leadId(), outbox);
            }
            return true;
        }
        if (waiting.size() >= limit) {
            waiting.clear();
            return false;
        }
        waiting.put(outbox.leadId(), outbox);
        return true;
    }

    /** Removes and returns up to {@code max} leads' snapshots, those handed first first. */
    synchronized List<PendingOutbox> take(int max) {
        List<PendingOutbox> taken = new ArrayList<>(Math.min(max, waiting.size()));
        Iterator<PendingOutbox> it = waiting.values().iterator();
        while (it.hasNext() && taken.size() < max) {
            taken.add(it.next());
            it.remove();
        }
        return taken;
    }

    /** Whether a snapshot of the lead waits. */
    synchronized boolean contains(String leadId) {
        return waiting.containsKey(leadId);
    }

    /** Drops every snapshot waiting. */
    synchronized void clear() {
        waiting.clear();
    }

    synchronized int size() {
        return waiting.size();
    }

    synchronized boolean isEmpty() {
        return waiting.isEmpty();
    }
}
