package io.leadfunnel.runtime.outbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Outboxes in memory, with the version guard a MongoDB store has: what the relay read is what it clears. */
final class InMemoryOutboxStore implements OutboxStore {

    private final Map<String, List<OutboxEvent>> outboxes = new LinkedHashMap<>();
    private final Map<String, List<String>> written = new LinkedHashMap<>();
    private int nextEvent;

    @Override
    public String topic() {
        return "lead.events";
    }

    /** A writer stores a new event for {@code leadId}; returns its id. */
    synchronized String write(String leadId) {
        String id = leadId + "-e" + (nextEvent++);
        outboxes.computeIfAbsent(leadId, k -> new ArrayList<>()).add(new OutboxEvent(id, "LeadActivityRecorded",
                "{\"eventId\":\"" + id + "\"}"));
        written.computeIfAbsent(leadId, k -> new ArrayList<>()).add(id);
        return id;
    }

    synchronized Map<String, List<String>> written() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        written.forEach((lead, ids) -> copy.put(lead, List.copyOf(ids)));
        return copy;
    }

    @Override
    public synchronized List<PendingOutbox> pending(int limit) {
        List<PendingOutbox> pending = new ArrayList<>();
        for (Map.Entry<String, List<OutboxEvent>> entry : outboxes.entrySet()) {
            if (pending.size() == limit) {
                break;
            }
            pending.add(new PendingOutbox(entry.getKey(), 0, entry.getValue()));
        }
        return pending;
    }

    @Override
    public synchronized void published(List<Published> published) {
        for (Published lead : published) {
            List<OutboxEvent> events = outboxes.get(lead.outbox().leadId());
            if (events != null) {
                events.removeIf(e -> lead.eventIds().contains(e.eventId()));
                if (events.isEmpty()) {
                    outboxes.remove(lead.outbox().leadId());
                }
            }
        }
    }

    @Override
    public synchronized long pendingCount() {
        return outboxes.size();
    }
}
