package io.leadfunnel.metrics.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.metrics.domain.LeadFact;
import io.leadfunnel.metrics.domain.LeadFold;
import io.leadfunnel.metrics.domain.LeadHistory;
import io.leadfunnel.runtime.store.LeadLocks;
import io.leadfunnel.runtime.store.OptimisticWrite;
import io.leadfunnel.runtime.store.VersionedBulkWrite;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One document per lead: {@code _id} = lead id, {@code version} (optimistic: every write names the version it read),
 * {@code eventIds}, {@code events} (the kept events as contract JSON, without personal data) and {@code fact} (the
 * events folded in business order, {@link FactDocument}), so the stored state is the same whatever order the events
 * came in. An event after every kept one is folded onto {@code fact}; one that lands earlier has the events folded
 * again. The events stay, so a fold can always be made again from them.
 *
 * <p>The documents live in a <em>generation</em>: a collection {@code facts_<n>}. The {@code store} collection names
 * the active one; a rebuild fills a new generation and then switches the pointer.
 */
@ApplicationScoped
public class FactRepository {

    static final String META = "store";
    static final String POINTER = "active";
    static final String FIRST_GENERATION = "facts_0";
    static final String EVENTS = "events";
    private static final int MAX_ATTEMPTS = 20;
    /** Documents per reply when reading a whole generation. */
    static final int HISTORY_BATCH = 1000;

    /** What applying one event did. */
    public enum Outcome { APPLIED, DUPLICATE, IGNORED }

    /**
     * The outcome, the lead's fact before and after (null unless applied), and the document version written (0 when
     * none).
     */
    public record Applied(Outcome outcome, LeadFact before, LeadFact after, long version) {
    }

    private final MongoDatabase database;
    private final OptimisticWrite write;

    public FactRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
                          LeadLocks locks) {
        this.database = client.getDatabase(database);
        // retried at once: a lead's document only grows by appends, so a lost race means another event just landed
        this.write = new OptimisticWrite(locks, MAX_ATTEMPTS, lostRaces -> { }, ConcurrentFactUpdateException::new);
    }

    /** Throws a {@code MongoException} unless the database answers (within the server-selection timeout). */
    public void ping() {
        database.runCommand(new Document("ping", 1));
    }

    /** The generation queries read and the live consumer writes. */
    public String activeGeneration() {
        Document pointer = database.getCollection(META).find(Filters.eq("_id", POINTER)).first();
        return pointer == null ? FIRST_GENERATION : pointer.getString("generation");
    }

    /** Makes {@code generation} the active one. */
    public void activate(String generation) {
        database.getCollection(META).replaceOne(Filters.eq("_id", POINTER),
                new Document("_id", POINTER).append("generation", generation), new ReplaceOptions().upsert(true));
    }

    public void drop(String generation) {
        database.getCollection(generation).drop();
    }

    /**
     * One lead's part of a poll.
     *
     * @param outcomes each of its events' outcome, in the order given
     * @param change   the lead's fact before and after, when an event was applied; null otherwise
     * @param refusal  why the store refused the lead's write for good (its events are not applied); null otherwise
     */
    public record LeadApplied(List<Outcome> outcomes, Applied change, String refusal) {
    }

    /** Adds an event to its lead's document unless it is already there; {@link #applyPoll} with one event. */
    public Applied apply(String generation, FunnelEvent event) {
        LeadApplied lead = applyPoll(generation, Map.of(event.leadId(), List.of(event))).get(event.leadId());
        if (lead.refusal() != null) {
            throw new IllegalStateException(lead.refusal());
        }
        Outcome outcome = lead.outcomes().get(0);
        return outcome == Outcome.APPLIED ? lead.change() : new Applied(outcome, null, null, 0);
    }

    /**
     * Adds many leads' events to their documents, each event once: the documents read with one {@code _id $in} query
     * (without their stored events, which only a lead with an event landing earlier in business order needs, read
     * again in full), the events folded in memory ({@link BatchFold}) and every changed lead written with one unordered
     * bulk write guarded by the version read ({@link VersionedBulkWrite}). A lead another writer changed in between is
     * read, folded and written again, alone, holding its lock ({@link LeadLocks}); applying an event twice changes
     * nothing.
     *
     * @param byLead each lead's events, in the order they were read
     * @return each lead's outcome, in the order given
     */
    public Map<String, LeadApplied> applyPoll(String generation, Map<String, List<FunnelEvent>> byLead) {
        MongoCollection<Document> leads = database.getCollection(generation);
        Map<String, LeadApplied> done = new LinkedHashMap<>();
        List<String> kept = new ArrayList<>();
        byLead.forEach((leadId, events) -> {
            if (events.stream().anyMatch(LeadHistory::isKept)) {
                kept.add(leadId);
            } else {
                done.put(leadId, new LeadApplied(events.stream().map(e -> Outcome.IGNORED).toList(), null, null));
            }
        });
        write.writeEach(kept, "a batch of " + kept.size() + " leads", pending -> {
            Map<String, Document> docs = read(leads, pending, false);
            Map<String, BatchFold> folds = new LinkedHashMap<>();
            List<String> needEvents = new ArrayList<>();
            for (String leadId : pending) {
                BatchFold fold = BatchFold.of(leadId, docs.get(leadId), false, byLead.get(leadId));
                if (fold == null) {
                    needEvents.add(leadId);
                } else {
                    folds.put(leadId, fold);
                }
            }
            if (!needEvents.isEmpty()) {
                Map<String, Document> full = read(leads, needEvents, true);
                for (String leadId : needEvents) {
                    docs.put(leadId, full.get(leadId));
                    folds.put(leadId, BatchFold.of(leadId, full.get(leadId), true, byLead.get(leadId)));
                }
            }
            List<VersionedBulkWrite.Write> writes = new ArrayList<>();
            folds.forEach((leadId, fold) -> {
                if (fold.changed()) {
                    Document doc = docs.get(leadId);
                    long version = doc == null ? 0 : doc.get("version", Number.class).longValue();
                    writes.add(new VersionedBulkWrite.Write(leadId, version, Updates.combine(
                            Updates.pushEach("eventIds", fold.ids()), Updates.pushEach(EVENTS, fold.jsons()),
                            Updates.set(FactDocument.FIELD, FactDocument.encode(fold.after())),
                            Updates.set("version", version + 1))));
                }
            });
            VersionedBulkWrite.Result result = VersionedBulkWrite.write(leads, "version", writes);
            for (VersionedBulkWrite.Write written : writes) {
                String leadId = written.id();
                BatchFold fold = folds.get(leadId);
                if (result.written().contains(leadId)) {
                    LeadFact after = LeadFold.resume(fold.after()).fact();
                    done.put(leadId, new LeadApplied(fold.outcomes(),
                            new Applied(Outcome.APPLIED, fold.before(), after, written.writtenVersion()), null));
                } else if (result.refused().containsKey(leadId)) {
                    done.put(leadId, new LeadApplied(fold.outcomes(), null, "the store refused the facts of lead "
                            + leadId + " (error " + result.refused().get(leadId).getCode() + ")"));
                }
            }
            folds.forEach((leadId, fold) -> {
                if (!fold.changed()) {
                    done.put(leadId, new LeadApplied(fold.outcomes(), null, null));
                }
            });
            return result.conflicted();
        });
        Map<String, LeadApplied> ordered = new LinkedHashMap<>();
        byLead.keySet().forEach(leadId -> ordered.put(leadId, done.get(leadId)));
        return ordered;
    }

    /**
     * Adds many events to their leads' documents ({@link #applyPoll}): the rebuild's replay.
     *
     * @return the number of events the batch added
     */
    public int applyAll(String generation, List<FunnelEvent> events) {
        Map<String, List<FunnelEvent>> byLead = new LinkedHashMap<>();
        events.forEach(event -> byLead.computeIfAbsent(event.leadId(), id -> new ArrayList<>()).add(event));
        int added = 0;
        for (LeadApplied lead : applyPoll(generation, byLead).values()) {
            if (lead.refusal() != null) {
                throw new IllegalStateException(lead.refusal());
            }
            added += (int) lead.outcomes().stream().filter(o -> o == Outcome.APPLIED).count();
        }
        return added;
    }

    private static Map<String, Document> read(MongoCollection<Document> leads, Collection<String> ids,
                                              boolean withEvents) {
        Map<String, Document> docs = new HashMap<>();
        var found = leads.find(Filters.in("_id", ids));
        if (!withEvents) {
            found = found.projection(Projections.exclude(EVENTS));
        }
        for (Document doc : found) {
            docs.put(doc.getString("_id"), doc);
        }
        return docs;
    }

    /** A lead's fact with the version of its document. */
    public record Stored(LeadFact fact, long version) {
    }

    /** Every lead's fact in a generation: the stored fold, or the events folded for a document without one. */
    public List<Stored> facts(String generation) {
        List<Stored> all = new ArrayList<>();
        // batches of a bounded size: the local engine otherwise answers the first batch with every document in one
        // reply, which the driver refuses beyond 48 MB (about 50,000 leads); MongoDB caps batches at 16 MB itself
        for (Document doc : database.getCollection(generation).find().batchSize(HISTORY_BATCH)) {
            Document fold = doc.get(FactDocument.FIELD, Document.class);
            LeadFact fact = fold == null ? history(doc).fact()
                    : FactDocument.decode(doc.getString("_id"), fold).fact();
            all.add(new Stored(fact, doc.get("version", Number.class).longValue()));
        }
        return all;
    }

    public Optional<LeadHistory> history(String generation, String leadId) {
        return Optional.ofNullable(database.getCollection(generation).find(Filters.eq("_id", leadId)).first())
                .map(FactRepository::history);
    }

    static LeadHistory history(Document doc) {
        LeadHistory history = new LeadHistory(doc.getString("_id"));
        for (String json : doc.getList(EVENTS, String.class, List.of())) {
            history.apply(FunnelJson.read(json));
        }
        return history;
    }
}
