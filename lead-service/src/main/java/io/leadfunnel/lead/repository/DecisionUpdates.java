package io.leadfunnel.lead.repository;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.Updates;
import io.leadfunnel.lead.domain.DecisionChange;
import io.leadfunnel.lead.domain.FunnelDecisions;
import io.leadfunnel.lead.domain.LeadState;
import org.bson.BsonDocumentWrapper;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The filters and updates that write decisions onto a lead as fields, for one event ({@link LeadDecisionStore#write})
 * and for a poll's events merged ({@link LeadDecisionStore#writePoll}), so both guard and write exactly alike.
 */
final class DecisionUpdates {

    private final MongoCollection<LeadDocument> collection;

    DecisionUpdates(MongoCollection<LeadDocument> collection) {
        this.collection = collection;
    }

    /**
     * A lead that has taken in none of {@code eventIds} and whose newest time of the kind lies in {@code (after,
     * upTo]}, a missing one counting as before everything. One flat {@code $and} with the {@code _id} condition at its
     * top, so that any engine plans it on the {@code _id} index.
     */
    static Bson guard(String leadId, List<String> eventIds, boolean score, Instant after, Instant upTo) {
        List<Bson> conditions = new ArrayList<>();
        conditions.add(Filters.eq("_id", leadId));
        conditions.add(eventIds.size() == 1 ? Filters.ne("appliedEventIds", eventIds.get(0))
                : Filters.nin("appliedEventIds", eventIds));
        String newestField = score ? "score.at" : "lifecycleAt";
        if (after == null && upTo != null) {
            conditions.add(Filters.or(Filters.eq(score ? "score" : "lifecycleAt", null),
                    Filters.lte(newestField, upTo)));
        } else if (after != null) {
            conditions.add(Filters.gt(newestField, after));
            if (upTo != null) {
                conditions.add(Filters.lte(newestField, upTo));
            }
        }
        return Filters.and(conditions);
    }

    /** Takes in {@code changes} in order, and sets the fields of {@code newest} unless it is null (all are older). */
    Bson update(List<DecisionChange> changes, DecisionChange newest, Instant now) {
        List<Bson> updates = history(changes, now);
        if (newest == null) {
            return Updates.combine(updates);
        }
        if (newest.score()) {
            updates.add(Updates.set("score", encode(LeadDocumentMapper.toScoreDocument(newest.newScore()))));
            return Updates.combine(updates);
        }
        updates.add(Updates.set("lifecycleAt", newest.occurredAt()));
        if (newest.stage() != null) {
            updates.add(Updates.set("stage", newest.stage().name()));
            updates.add(Updates.set("stageAt", newest.stageAt()));
        }
        if (newest.ownerChanged()) {
            updates.add(newest.owner() == null ? Updates.unset("owner") : Updates.set("owner", newest.owner()));
            updates.add(newest.team() == null ? Updates.unset("team") : Updates.set("team", newest.team()));
        }
        return Updates.combine(updates);
    }

    /** What every decision taken in writes: its id, its timeline line, the update time and the version. */
    private List<Bson> history(List<DecisionChange> changes, Instant now) {
        List<Bson> updates = new ArrayList<>();
        updates.add(Updates.pushEach("appliedEventIds", changes.stream().map(DecisionChange::eventId).toList(),
                new PushOptions().slice(-FunnelDecisions.APPLIED_EVENT_LIMIT)));
        updates.add(Updates.pushEach("timeline",
                changes.stream().map(c -> encode(LeadDocumentMapper.toTimelineDocument(c.entry()))).toList(),
                new PushOptions().slice(-LeadState.TIMELINE_LIMIT)));
        updates.add(Updates.max("updatedAt", now));
        updates.add(Updates.inc("version", 1L));
        return updates;
    }

    /** A part of the lead document, encoded exactly as in a whole-document write. */
    private Object encode(Object part) {
        return BsonDocumentWrapper.asBsonDocument(part, collection.getCodecRegistry());
    }
}
