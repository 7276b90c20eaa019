package io.leadfunnel.runtime.outbox;

/**
 * One event waiting in a lead's outbox, as stored beside the state it came from.
 *
 * @param eventId the event's id, also a record header so consumers can deduplicate before parsing
 * @param type    the event type, a record header
 * @param payload the event's JSON, published as it is stored
 */
public record OutboxEvent(String eventId, String type, String payload) {
}
