package io.leadfunnel.runtime.outbox;

import java.util.List;

/**
 * A lead's unpublished events, oldest first, as the relay read them.
 *
 * @param leadId      the lead, also the record key, so one lead's events share a partition
 * @param readVersion the document version the relay read, for stores that clear the outbox with a version guard
 * @param events      the events in the order they must reach the topic
 */
public record PendingOutbox(String leadId, long readVersion, List<OutboxEvent> events) {

    public PendingOutbox {
        events = List.copyOf(events);
    }
}
