package io.leadfunnel.handoff.repository;

import io.leadfunnel.events.Topics;
import io.leadfunnel.runtime.outbox.OutboxStore;
import io.leadfunnel.runtime.outbox.PendingOutbox;
import jakarta.enterprise.context.ApplicationScoped;

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
}
