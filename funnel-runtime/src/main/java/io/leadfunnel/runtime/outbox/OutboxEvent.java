package io.leadfunnel.runtime.outbox;

/**
 * One record waiting in a lead's outbox, as stored beside the state it came from.
 *
 * @param eventId the event's id, also a record header so consumers can deduplicate before parsing; unique within the
 *                outbox, since the relay clears published entries by it
 * @param type    the event type, a record header
 * @param payload the event's JSON, published as it is stored; null publishes a tombstone (erasure on a compacted
 *                topic)
 * @param topic   where to publish it; null for the store's {@link OutboxStore#topic()}
 */
public record OutboxEvent(String eventId, String type, String payload, String topic) {

    /** An event for the store's own topic. */
    public OutboxEvent(String eventId, String type, String payload) {
        this(eventId, type, payload, null);
    }

    /** The topic to publish to, {@code defaultTopic} unless this record names its own. */
    public String topicOr(String defaultTopic) {
        return topic == null ? defaultTopic : topic;
    }
}
