package io.leadfunnel.lead.repository;

import io.leadfunnel.events.Topics;
import io.leadfunnel.runtime.outbox.OutboxClearing;
import io.leadfunnel.runtime.outbox.OutboxEvent;
import io.leadfunnel.runtime.outbox.OutboxStore;
import io.leadfunnel.runtime.outbox.PendingOutbox;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * The outboxes of the lead documents, for the runtime's relay to publish to {@code lead.events}, and the personal
 * values and their tombstones to {@code lead.profiles}.
 */
@ApplicationScoped
public class LeadOutboxStore implements OutboxStore {

    private final LeadRepository leads;

    public LeadOutboxStore(LeadRepository leads) {
        this.leads = leads;
    }

    @Override
    public String topic() {
        return Topics.LEAD_EVENTS;
    }

    @Override
    public List<PendingOutbox> pending(int limit) {
        return leads.withPendingOutbox(limit).stream()
                .map(doc -> new PendingOutbox(doc.id, doc.version, events(doc.outbox)))
                .toList();
    }

    /** A stored outbox as the relay publishes it. */
    static List<OutboxEvent> events(List<LeadDocument.OutboxEntry> outbox) {
        return outbox == null ? List.of()
                : outbox.stream().map(e -> new OutboxEvent(e.eventId, e.type, e.payload, e.topic)).toList();
    }

    @Override
    public void published(List<Published> published) {
        OutboxClearing.clear(leads.mongoCollection(), published);
    }

    @Override
    public long pendingCount() {
        return leads.pendingOutboxCount();
    }
}
