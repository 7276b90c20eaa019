package io.leadfunnel.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;
import java.util.UUID;

/**
 * The envelope every event carries. The {@code type} field in JSON names the record; consumers are idempotent on
 * {@link #eventId()} and order one lead's facts by {@link #occurredAt()}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = LeadCaptured.class, name = LeadCaptured.TYPE),
        @JsonSubTypes.Type(value = LeadProfileUpdated.class, name = LeadProfileUpdated.TYPE),
        @JsonSubTypes.Type(value = LeadActivityRecorded.class, name = LeadActivityRecorded.TYPE),
        @JsonSubTypes.Type(value = LeadErased.class, name = LeadErased.TYPE),
        @JsonSubTypes.Type(value = LeadScored.class, name = LeadScored.TYPE),
        @JsonSubTypes.Type(value = LeadStageChanged.class, name = LeadStageChanged.TYPE),
        @JsonSubTypes.Type(value = HandoffAssigned.class, name = HandoffAssigned.TYPE),
        @JsonSubTypes.Type(value = HandoffSlaBreached.class, name = HandoffSlaBreached.TYPE),
        @JsonSubTypes.Type(value = LeadClosed.class, name = LeadClosed.TYPE)
})
public sealed interface FunnelEvent permits LeadEvent, ScoreEvent, LifecycleEvent {

    /** The schema version this code writes; readers accept this version and older ones. */
    int SCHEMA_VERSION = 1;

    /** Unique id of this event; the deduplication key for every consumer. */
    UUID eventId();

    /** The record name written as {@code type} in JSON, for example {@code LeadCaptured}. */
    @JsonIgnore
    String type();

    /** The lead this event is about; also the Kafka record key. */
    String leadId();

    /** When the fact happened in the business (not when it was published). */
    Instant occurredAt();

    /** Version of the event's JSON shape. */
    int schemaVersion();

    /** The service that produced the event, for example {@code lead-service}. */
    String producer();
}
