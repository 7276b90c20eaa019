package io.leadfunnel.lead.repository;

import io.quarkus.mongodb.panache.common.MongoEntity;
import org.bson.codecs.pojo.annotations.BsonId;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A lead as stored in MongoDB. Besides the lead's state it holds the outbox: events produced by the same write,
 * published by the relay and then removed. Null fields are not stored, so the sparse unique indexes on {@code email}
 * and {@code refs} only see leads that have them.
 */
@MongoEntity(collection = "leads")
public class LeadDocument {

    @BsonId
    public String id;
    /** Optimistic-concurrency version; every write checks and increments it. */
    public long version;
    /** Last event sequence number given out for this lead. */
    public long sequence;
    public Instant createdAt;
    public Instant updatedAt;
    public String channel;
    public ProfileDocument profile;
    /** Canonical e-mail, duplicated from the profile for the unique index. */
    public String email;
    /** Per profile field, the time of the report its value came from (newest wins). */
    public Map<String, Instant> fieldTimes;
    /** External references ({@code system|id}), unique across leads. */
    public List<String> refs;
    public String stage;
    public Instant stageAt;
    public String owner;
    public String team;
    public ScoreDocument score;
    public String mergedInto;
    public PendingMergeDocument pendingMerge;
    public List<String> mergedLeadIds;
    public Instant erasedAt;
    public List<TimelineDocument> timeline;
    public List<String> activityIds;
    public List<String> appliedEventIds;
    public Instant lifecycleAt;
    /** Lower-case name, e-mail and company, for text search. */
    public String searchText;
    /** Events not yet acknowledged by Kafka, oldest first. */
    public List<OutboxEntry> outbox;
    /** Set while the outbox may hold entries; lets the relay find work through an index. */
    public Boolean outboxPending;

    /** Profile fields, as in the event contract. */
    public static class ProfileDocument {
        public String email;
        public String firstName;
        public String lastName;
        public String company;
        public String companyDomain;
        public String title;
        public String country;
        public String industry;
        public Integer companySize;
        public String source;
        public String sourceDetail;
        public String campaign;
        public String origin;
    }

    /** The latest score read from lead.scores. */
    public static class ScoreDocument {
        public int fit;
        public int engagement;
        public int total;
        public String grade;
        public int modelVersion;
        public Instant at;
    }

    /** Data an absorbed lead still has to hand to its survivor. */
    public static class PendingMergeDocument {
        public String survivorId;
        public ProfileDocument profile;
        public Map<String, Instant> fieldTimes;
        public List<String> refs;
        public Instant at;
    }

    /** One timeline line. */
    public static class TimelineDocument {
        public Instant at;
        public String kind;
        public String summary;
        public String eventId;
        public Map<String, String> data;
    }

    /** One event waiting to be published. */
    public static class OutboxEntry {
        public String eventId;
        public String type;
        public long sequence;
        /** The event exactly as it will be published (contract JSON); null for a tombstone. */
        public String payload;
        /** Where it goes when not to {@code lead.events}: the personal values go to {@code lead.profiles}. */
        public String topic;
        public Instant createdAt;
    }
}
