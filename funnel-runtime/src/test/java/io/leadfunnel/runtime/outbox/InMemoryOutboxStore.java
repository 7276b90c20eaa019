package io.leadfunnel.runtime.outbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Outboxes in memory, with the clearing a MongoDB store has ({@link OutboxClearing}): a version per lead that every
 * write and every clearing increments; a whole outbox read at the current version goes with its pending flag, otherwise
 * the acknowledged events are pulled by id and the flag stays until a pass reads the outbox empty.
 */
final class InMemoryOutboxStore implements OutboxStore {

    private final Map<String, List<OutboxEvent>> outboxes = new LinkedHashMap<>();
    private final Map<String, Long> versions = new LinkedHashMap<>();
    private final Map<String, List<String>> written = new LinkedHashMap<>();
    private int nextEvent;
    private int scans;

    @Override
    public String topic() {
        return "lead.events";
    }

    /** A writer stores a new event for {@code leadId}; returns its id. */
    synchronized String write(String leadId) {
        return writeAndSnapshot(leadId).events().get(outboxes.get(leadId).size() - 1).eventId();
    }

    /** A writer stores a new event for {@code leadId}; returns the outbox it left, as a writer hands it over. */
    synchronized PendingOutbox writeAndSnapshot(String leadId) {
        String id = leadId + "-e" + (nextEvent++);
        outboxes.computeIfAbsent(leadId, k -> new ArrayList<>()).add(new OutboxEvent(id, "LeadActivityRecorded",
                "{\"eventId\":\"" + id + "\"}"));
        written.computeIfAbsent(leadId, k -> new ArrayList<>()).add(id);
        return new PendingOutbox(leadId, versions.merge(leadId, 1L, Long::sum), outboxes.get(leadId));
    }

    /** Rewrites the payloads of a lead's stored events in place, without a new version, as an erasure's scrub does. */
    synchronized void rewrite(String leadId, UnaryOperator<String> payload) {
        List<OutboxEvent> events = outboxes.get(leadId);
        if (events != null) {
            events.replaceAll(e -> new OutboxEvent(e.eventId(), e.type(), payload.apply(e.payload()), e.topic()));
        }
    }

    synchronized Map<String, List<String>> written() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        written.forEach((lead, ids) -> copy.put(lead, List.copyOf(ids)));
        return copy;
    }

    /** How often {@link #pending} was called: each is a scan on the embedded engine. */
    synchronized int scans() {
        return scans;
    }

    /** The lead's stored outbox and whether its pending flag is still set. */
    synchronized List<String> stored(String leadId) {
        List<OutboxEvent> events = outboxes.get(leadId);
        return events == null ? List.of() : events.stream().map(OutboxEvent::eventId).toList();
    }

    @Override
    public synchronized List<PendingOutbox> pending(int limit) {
        scans++;
        List<PendingOutbox> pending = new ArrayList<>();
        for (Map.Entry<String, List<OutboxEvent>> entry : outboxes.entrySet()) {
            if (pending.size() == limit) {
                break;
            }
            pending.add(new PendingOutbox(entry.getKey(), versions.getOrDefault(entry.getKey(), 0L),
                    entry.getValue()));
        }
        return pending;
    }

    @Override
    public synchronized void published(List<Published> published) {
        for (Published lead : published) {
            String id = lead.outbox().leadId();
            List<OutboxEvent> events = outboxes.get(id);
            if (events == null) {
                continue;
            }
            if (lead.eventIds().isEmpty()) {
                if (events.isEmpty() && lead.outbox().events().isEmpty()) {
                    outboxes.remove(id);
                }
                continue;
            }
            boolean whole = lead.all() && versions.getOrDefault(id, 0L) == lead.outbox().readVersion();
            if (events.removeIf(e -> lead.eventIds().contains(e.eventId()))) {
                versions.merge(id, 1L, Long::sum);
            }
            if (whole && events.isEmpty()) {
                outboxes.remove(id);
            }
        }
    }

    @Override
    public synchronized long pendingCount() {
        return outboxes.size();
    }
}
