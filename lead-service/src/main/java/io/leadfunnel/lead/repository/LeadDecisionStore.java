package io.leadfunnel.lead.repository;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import io.leadfunnel.lead.domain.DecisionChange;
import io.leadfunnel.lead.domain.PolledDecisions;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes other services' decisions (stage, owner, score) onto a lead without reading it: updates by {@code _id} that
 * set only the fields the events change, append their timeline lines and ids, and are guarded in their filters so
 * that an event taken in before changes nothing and an older event than the newest of its kind leaves the fields as
 * they are. The version is raised like any write's, so a writer holding an older copy of the lead retries.
 */
@ApplicationScoped
public class LeadDecisionStore {

    /** What became of a decision. */
    public enum Written {
        NEWEST, OLDER, ALREADY_APPLIED, UNKNOWN_LEAD,
        /** Taken in with the other events of its poll, as the newest or as an older one (not told apart). */
        TAKEN_IN,
        /**
         * Taken in with its poll, or taken in before: the lead's poll events were all there after the write, and a bulk
         * write's counts cannot say whether it was this write that brought them (see {@link #writePoll}).
         */
        TAKEN_IN_OR_ALREADY_APPLIED
    }

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
        DecisionUpdates updates = new DecisionUpdates(collection);
        List<String> id = List.of(change.eventId());
        Instant now = clock.instant();
        if (collection.updateOne(DecisionUpdates.guard(leadId, id, change.score(), null, change.occurredAt()),
                updates.update(List.of(change), change, now)).getMatchedCount() > 0) {
            return Written.NEWEST;
        }
        if (collection.updateOne(DecisionUpdates.guard(leadId, id, change.score(), null, null),
                updates.update(List.of(change), null, now)).getMatchedCount() > 0) {
            return Written.OLDER;
        }
        boolean exists = collection.find(Filters.eq("_id", leadId)).projection(Projections.include("_id"))
                .first() != null;
        return exists ? Written.ALREADY_APPLIED : Written.UNKNOWN_LEAD;
    }

    /**
     * Takes a poll's decisions in with one unordered bulk write and no read first. Each lead's events are merged into
     * its {@link PolledDecisions#variants()}, guarded so that exactly one of them matches a lead that has taken in none
     * of the events, whatever the order the engine applies them in; a lead's events are therefore taken in in poll
     * order, as one at a time, in one update.
     * <p>
     * When every lead matched (the bulk's matched count), every event was taken in: the common case, one command.
     * Otherwise one {@code _id $in} read of the poll's leads tells the others apart: a lead that is not stored is
     * unknown; a lead that lacks some of its poll's events had taken in others before (a partial redelivery) and takes
     * the poll's events one at a time ({@link #write}), which tells each event's fate; a lead that has them all was
     * either taken in by the bulk or had them all before. The counts say how many of these had them before; when that
     * is none or all of them each lead's fate is known, else (a redelivered poll mixing such leads, after a crash) the
     * counts cannot say which, and those events are {@link Written#TAKEN_IN_OR_ALREADY_APPLIED}.
     *
     * @param byLead each lead's changes of one kind, in poll order
     * @return each lead's outcomes, one per change, in the same order
     */
    public Map<String, List<Written>> writePoll(Map<String, List<DecisionChange>> byLead) {
        if (byLead.isEmpty()) {
            return Map.of();
        }
        MongoCollection<LeadDocument> collection = leads.mongoCollection();
        DecisionUpdates updates = new DecisionUpdates(collection);
        Instant now = clock.instant();
        Map<String, PolledDecisions> polled = new LinkedHashMap<>();
        List<UpdateOneModel<LeadDocument>> writes = new ArrayList<>();
        byLead.forEach((leadId, changes) -> {
            PolledDecisions poll = new PolledDecisions(changes);
            polled.put(leadId, poll);
            List<String> ids = poll.taken().stream().map(DecisionChange::eventId).toList();
            boolean score = changes.get(0).score();
            poll.variants().forEach(variant -> writes.add(new UpdateOneModel<>(
                    DecisionUpdates.guard(leadId, ids, score, variant.after(), variant.upTo()),
                    updates.update(poll.taken(), variant.newest(), now))));
        });
        long matched = collection.bulkWrite(writes, new BulkWriteOptions().ordered(false)).getMatchedCount();
        if (matched == polled.size()) {
            Map<String, List<Written>> written = new LinkedHashMap<>();
            polled.forEach((leadId, poll) -> written.put(leadId, outcomes(poll, byLead.get(leadId), Written.TAKEN_IN)));
            return written;
        }
        return afterMisses(byLead, polled, matched);
    }

    /** The outcomes when some leads matched no variant: told apart by one read of the poll's leads. */
    private Map<String, List<Written>> afterMisses(Map<String, List<DecisionChange>> byLead,
                                                   Map<String, PolledDecisions> polled, long matched) {
        Map<String, List<String>> stored = new HashMap<>();
        leads.mongoCollection().withDocumentClass(Document.class)
                .find(Filters.in("_id", polled.keySet())).projection(Projections.include("appliedEventIds"))
                .forEach(doc -> stored.put(doc.getString("_id"),
                        doc.getList("appliedEventIds", String.class, List.of())));
        Map<String, List<Written>> written = new LinkedHashMap<>();
        List<String> complete = new ArrayList<>();
        long missed = polled.size() - matched;
        for (Map.Entry<String, PolledDecisions> lead : polled.entrySet()) {
            String leadId = lead.getKey();
            List<String> applied = stored.get(leadId);
            if (applied == null) {
                written.put(leadId, byLead.get(leadId).stream().map(c -> Written.UNKNOWN_LEAD).toList());
                missed--;
            } else if (applied.containsAll(lead.getValue().taken().stream().map(DecisionChange::eventId).toList())) {
                complete.add(leadId);
                written.put(leadId, null);
            } else {
                written.put(leadId, byLead.get(leadId).stream().map(change -> write(leadId, change)).toList());
                missed--;
            }
        }
        Written fate = missed <= 0 ? Written.TAKEN_IN : missed >= complete.size() ? Written.ALREADY_APPLIED
                : Written.TAKEN_IN_OR_ALREADY_APPLIED;
        complete.forEach(leadId -> written.put(leadId, outcomes(polled.get(leadId), byLead.get(leadId), fate)));
        return written;
    }

    /** {@code fate} for each first occurrence of an event in the poll; a repeat within the poll is a duplicate. */
    private static List<Written> outcomes(PolledDecisions poll, List<DecisionChange> changes, Written fate) {
        List<Written> outcomes = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            outcomes.add(poll.repeated(i) ? Written.ALREADY_APPLIED : fate);
        }
        return outcomes;
    }
}
