package io.leadfunnel.runtime.outbox;

import java.util.List;

/**
 * What the {@link OutboxRelay} needs of a service's store: its outboxes and a way to clear what was published. A
 * service with an outbox implements it once, over the collection whose documents carry the events; the relay runs
 * only in a service that has one. The store's writes also hand the relay the outbox each write left
 * ({@link OutboxSignal#stored}), so the relay needs {@link #pending} only for its sweeps.
 */
public interface OutboxStore {

    /** The topic the events go to, unless an entry names its own ({@link OutboxEvent#topic()}). */
    String topic();

    /**
     * Up to {@code limit} leads whose outbox holds unpublished events. Only the relay's sweep asks (at start, after a
     * failure or an erasure, on overflow, every {@code funnel.outbox.sweep-interval}); in the steady state writers
     * hand their outboxes over with {@link OutboxSignal#stored}. It may scan.
     */
    List<PendingOutbox> pending(int limit);

    /**
     * Removes events the broker acknowledged from their outboxes. Each entry names a prefix of the events the relay
     * read for that lead; later events, and events added since, stay.
     */
    void published(List<Published> published);

    /** How many leads have unpublished events (may scan; asked only when a sweep found a full batch). */
    long pendingCount();

    /**
     * The acknowledged events of one lead.
     *
     * @param outbox   what the relay read
     * @param eventIds the ids the broker acknowledged, a prefix of {@code outbox.events()}
     */
    record Published(PendingOutbox outbox, List<String> eventIds) {

        public Published {
            eventIds = List.copyOf(eventIds);
        }

        /** Whether every event the relay read was acknowledged. */
        public boolean all() {
            return eventIds.size() == outbox.events().size();
        }
    }
}
