package io.leadfunnel.scoring.repository;

import io.leadfunnel.events.Topics;
import io.leadfunnel.runtime.outbox.OutboxClearing;
import io.leadfunnel.runtime.outbox.OutboxEvent;
import io.leadfunnel.runtime.outbox.OutboxStore;
import io.leadfunnel.runtime.outbox.PendingOutbox;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The LeadScored events waiting in the scoring states' outboxes, for funnel-runtime's relay to {@code lead.scores}. */
@ApplicationScoped
public class ScoreOutboxStore implements OutboxStore {

    private final LeadScoringRepository states;

    public ScoreOutboxStore(LeadScoringRepository states) {
        this.states = states;
    }

    @Override
    public String topic() {
        return Topics.LEAD_SCORES;
    }

    @Override
    public List<PendingOutbox> pending(int limit) {
        return states.withPendingOutbox(limit).stream()
                .map(doc -> new PendingOutbox(doc.id, doc.version, events(doc.outbox)))
                .toList();
    }

    /** A stored outbox as the relay publishes it. */
    static List<OutboxEvent> events(List<LeadScoringDocument.OutboxEntry> outbox) {
        return outbox == null ? List.of()
                : outbox.stream().map(e -> new OutboxEvent(e.eventId, e.type, e.payload)).toList();
    }

    @Override
    public void published(List<Published> published) {
        OutboxClearing.clear(states.mongoCollection(), published);
    }

    @Override
    public long pendingCount() {
        return states.pendingOutboxCount();
    }
}
