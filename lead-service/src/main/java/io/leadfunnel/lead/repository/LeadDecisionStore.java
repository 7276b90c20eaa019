package io.leadfunnel.lead.repository;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.Updates;
import io.leadfunnel.lead.domain.DecisionChange;
import io.leadfunnel.lead.domain.FunnelDecisions;
import io.leadfunnel.lead.domain.LeadState;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.BsonDocumentWrapper;
import org.bson.conversions.Bson;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes other services' decisions (stage, owner, score) onto a lead without reading it: one update by {@code _id}
 * that sets only the fields the event changes, appends its timeline line and its id, and is guarded in its filter so
 * that an event taken in before changes nothing and an older event than the newest of its kind leaves the fields as
 * they are. The version is raised like any write's, so a writer holding an older copy of the lead retries.
 */
@ApplicationScoped
public class LeadDecisionStore {

    /** What became of a decision. */
    public enum Written { NEWEST, OLDER, ALREADY_APPLIED, UNKNOWN_LEAD }

    private final LeadRepository leads;
    private final Clock clock;

    public LeadDecisionStore(LeadRepository leads, Clock clock) {
        this.leads = leads;
        this.clock = clock;
    }

    /**
     * Takes the decision in: as the newest of its kind (one update), else as an older one, history only (a second),
     * else finds out whether the lead exists (a read). Dropping the first case's ordering condition in the second is
     * safe: the newest time of each kind only ever grows, so an event older than it at the first update still is.
     */
    public Written write(String leadId, DecisionChange change) {
        MongoCollection<LeadDocument> collection = leads.mongoCollection();
        Bson byId = Filters.eq("_id", leadId);
        Bson notYetApplied = Filters.ne("appliedEventIds", change.eventId());
        Bson notApplied = Filters.and(byId, notYetApplied);
        String newestField = change.score() ? "score.at" : "lifecycleAt";
        Bson newest = Filters.or(Filters.eq(change.score() ? "score" : "lifecycleAt", null),
                Filters.lte(newestField, change.occurredAt()));
        // one flat $and with the _id condition at its top, so that any engine plans it on the _id index
        if (collection.updateOne(Filters.and(byId, notYetApplied, newest), newestUpdate(change, collection))
                .getMatchedCount() > 0) {
            return Written.NEWEST;
        }
        Bson history = Updates.combine(historyUpdate(change, collection));
        if (collection.updateOne(notApplied, history).getMatchedCount() > 0) {
            return Written.OLDER;
        }
        boolean exists = collection.find(Filters.eq("_id", leadId)).projection(Projections.include("_id"))
                .first() != null;
        return exists ? Written.ALREADY_APPLIED : Written.UNKNOWN_LEAD;
    }

    private Bson newestUpdate(DecisionChange change, MongoCollection<LeadDocument> collection) {
        List<Bson> updates = historyUpdate(change, collection);
        if (change.score()) {
            Object score = encode(LeadDocumentMapper.toScoreDocument(change.newScore()), collection);
            updates.add(Updates.set("score", score));
            return Updates.combine(updates);
        }
        updates.add(Updates.set("lifecycleAt", change.occurredAt()));
        if (change.stage() != null) {
            updates.add(Updates.set("stage", change.stage().name()));
            updates.add(Updates.set("stageAt", change.stageAt()));
        }
        if (change.ownerChanged()) {
            updates.add(change.owner() == null ? Updates.unset("owner") : Updates.set("owner", change.owner()));
            updates.add(change.team() == null ? Updates.unset("team") : Updates.set("team", change.team()));
        }
        return Updates.combine(updates);
    }

    /** What every decision taken in writes: its id, its timeline line, the update time and the version. */
    private List<Bson> historyUpdate(DecisionChange change, MongoCollection<LeadDocument> collection) {
        List<Bson> updates = new ArrayList<>();
        updates.add(Updates.pushEach("appliedEventIds", List.of(change.eventId()),
                new PushOptions().slice(-FunnelDecisions.APPLIED_EVENT_LIMIT)));
        updates.add(Updates.pushEach("timeline",
                List.of(encode(LeadDocumentMapper.toTimelineDocument(change.entry()), collection)),
                new PushOptions().slice(-LeadState.TIMELINE_LIMIT)));
        updates.add(Updates.max("updatedAt", clock.instant()));
        updates.add(Updates.inc("version", 1L));
        return updates;
    }

    /** A part of the lead document, encoded exactly as in a whole-document write. */
    private static Object encode(Object part, MongoCollection<LeadDocument> collection) {
        return BsonDocumentWrapper.asBsonDocument(part, collection.getCodecRegistry());
    }
}
