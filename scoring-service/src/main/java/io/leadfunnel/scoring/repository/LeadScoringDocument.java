package io.leadfunnel.scoring.repository;

import io.quarkus.mongodb.panache.common.MongoEntity;
import org.bson.codecs.pojo.annotations.BsonId;

import java.time.Instant;
import java.util.List;

/**
 * One lead's scoring state as stored in MongoDB, with its outbox: LeadScored events written in the same update as
 * the state, published by the relay and then removed. After erasure only {@code id}, {@code version},
 * {@code erasedAt}, {@code appliedEventIds} (random UUIDs) and not yet published events remain.
 */
@MongoEntity(collection = "lead_scores")
public class LeadScoringDocument {

    @BsonId
    public String id;
    /** Optimistic-concurrency version; every write checks and increments it. */
    public long version;
    public ProfileDocument profile;
    /** Sequence of the lead event the profile came from; older profiles arriving late are ignored. */
    public long profileSequence;
    /**
     * Sequence of the lead event the personal attributes (title, company domain, e-mail domain) belong to. Absent in
     * documents written before the personal values moved to lead.profiles: then they came with the profile, and it is
     * {@code profileSequence}.
     */
    public Long personalSequence;
    /** True once a tombstone on lead.profiles dropped the personal attributes; absent otherwise. */
    public Boolean personalDataErased;
    /**
     * True while scoring waits for the lead's personal values (see LeadScoringState), absent otherwise: kept so that
     * re-scoring after an activation can leave such leads out by query.
     */
    public Boolean awaitingPersonalData;
    /** Activities inside the active model's horizon, oldest first. */
    public List<ActivityDocument> activities;
    /** The most recent event ids applied, for deduplication. */
    public List<String> appliedEventIds;
    public ScoreDocument score;
    /** Version of the model of the current score; indexed, re-scoring after an activation looks for other values. */
    public Integer modelVersion;
    /** When decay will next change a published value; indexed, the decay scheduler looks for past values. */
    public Instant nextEvaluationAt;
    public Instant erasedAt;
    public Instant updatedAt;
    /** Events not yet acknowledged by Kafka, oldest first. */
    public List<OutboxEntry> outbox;
    /** Set while the outbox may hold entries; lets the relay find work through an index. */
    public Boolean outboxPending;

    /** The profile attributes the model reads: no names, no e-mail address. */
    public static class ProfileDocument {
        public String title;
        public String industry;
        public String country;
        public Integer companySize;
        public String companyDomain;
        public String emailDomain;
    }

    public static class ActivityDocument {
        public String activityId;
        public String eventId;
        public String type;
        public Instant occurredAt;
    }

    public static class ScoreDocument {
        public int fit;
        public int engagement;
        public int total;
        public String grade;
        public int modelVersion;
        public double rawEngagement;
        public List<ReasonDocument> reasons;
        public Instant at;
    }

    public static class ReasonDocument {
        public String kind;
        public String rule;
        public double points;
        public String detail;
    }

    /** One event waiting to be published. */
    public static class OutboxEntry {
        public String eventId;
        public String type;
        /** The event exactly as it will be published (contract JSON). */
        public String payload;
        public Instant createdAt;
    }
}
