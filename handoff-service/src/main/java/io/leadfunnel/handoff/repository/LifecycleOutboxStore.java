package io.leadfunnel.handoff.repository;

import io.leadfunnel.events.Topics;
import io.leadfunnel.runtime.outbox.OutboxEvent;
import io.leadfunnel.runtime.outbox.OutboxStore;
import io.leadfunnel.runtime.outbox.PendingOutbox;
import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import java.util.ArrayList;
import java.util.List;

/**
 * The lifecycle documents' outboxes, for the runtime's relay, which publishes them to {@code lead.lifecycle}. Clearing
 * pulls the acknowledged events by id, so events a sales action or a fact appended meanwhile stay.
 */
@ApplicationScoped
public class LifecycleOutboxStore implements OutboxStore {

    private final LifecycleRepository lifecycles;

    public LifecycleOutboxStore(LifecycleRepository lifecycles) {
        this.lifecycles = lifecycles;
    }

    @Override
    public String topic() {
        return Topics.LEAD_LIFECYCLE;
    }

    @Override
    public List<PendingOutbox> pending(int limit) {
        return lifecycles.withPendingOutbox(limit);
    }

    @Override
    public void published(List<Published> published) {
        lifecycles.clearPublished(published);
    }

    @Override
    public long pendingCount() {
        return lifecycles.pendingOutboxCount();
    }

    /** A stored outbox as the relay publishes it. */
    static List<OutboxEvent> events(List<Document> outbox) {
        List<OutboxEvent> events = new ArrayList<>(outbox.size());
        for (Document e : outbox) {
            events.add(new OutboxEvent(e.getString("eventId"), e.getString("type"), e.getString("payload")));
        }
        return events;
    }
}
