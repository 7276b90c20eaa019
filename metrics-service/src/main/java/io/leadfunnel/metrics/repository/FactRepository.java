package io.leadfunnel.metrics.repository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.metrics.domain.LeadFact;
import io.leadfunnel.metrics.domain.LeadFold;
import io.leadfunnel.metrics.domain.LeadHistory;
import io.leadfunnel.runtime.store.LeadLocks;
import io.leadfunnel.runtime.store.OptimisticWrite;
import io.leadfunnel.runtime.store.OptimisticWrite.Attempt;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
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
     * Adds an event to its lead's document unless it is already there. Retries when another writer changed the
     * document in between (optimistic version check); each attempt holds the lead's lock ({@link LeadLocks}).
     */
    public Applied apply(String generation, FunnelEvent event) {
        if (!LeadHistory.isKept(event)) {
            return new Applied(Outcome.IGNORED, null, null, 0);
        }
        MongoCollection<Document> leads = database.getCollection(generation);
        return write.write(event.leadId(), "lead " + event.leadId() + " kept changing; event " + event.eventId()
                + " not applied after " + MAX_ATTEMPTS + " attempts", () -> {
                    Applied applied = applyOnce(leads, event);
                    return applied == null ? Attempt.lostRace() : Attempt.done(applied);
                });
    }

    /**
     * One read-change-write of the event's lead; null when another writer came first. The document is read without
     * its events: the stored fold takes an event that comes after every kept one in one step. Only an event that lands
     * earlier in business order (or a document written before folds were stored) has the events read and folded again.
     */
    private Applied applyOnce(MongoCollection<Document> leads, FunnelEvent event) {
        FunnelEvent kept = LeadHistory.withoutPersonalData(event);
        String id = event.eventId().toString();
        String json = FunnelJson.write(kept);
        Document doc = leads.find(Filters.eq("_id", event.leadId())).projection(Projections.exclude(EVENTS)).first();
        if (doc == null) {
            LeadFold after = LeadFold.empty(event.leadId()).append(kept);
            try {
                leads.insertOne(new Document("_id", event.leadId()).append("version", 1L)
                        .append("eventIds", List.of(id)).append(EVENTS, List.of(json))
                        .append(FactDocument.FIELD, FactDocument.encode(after.state())));
                return new Applied(Outcome.APPLIED, LeadFold.empty(event.leadId()).fact(), after.fact(), 1);
            } catch (MongoWriteException e) {
                if (ErrorCategory.fromErrorCode(e.getError().getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                return null; // another writer created the lead first: read it and try again
            }
        }
        if (doc.getList("eventIds", String.class, List.of()).contains(id)) {
            return new Applied(Outcome.DUPLICATE, null, null, 0);
        }
        long version = doc.get("version", Number.class).longValue();
        Document stored = doc.get(FactDocument.FIELD, Document.class);
        LeadFold fold = stored == null ? null : LeadFold.resume(FactDocument.decode(event.leadId(), stored));
        LeadFact before;
        LeadFold after;
        if (fold != null && fold.canAppend(kept)) {
            before = fold.fact();
            after = fold.append(kept);
        } else {
            Document full = leads.find(Filters.eq("_id", event.leadId())).first();
            if (full == null || full.get("version", Number.class).longValue() != version) {
                return null;
            }
            LeadHistory history = history(full);
            before = history.fact();
            history.apply(event);
            after = history.fold();
        }
        long matched = leads.updateOne(
                Filters.and(Filters.eq("_id", event.leadId()), Filters.eq("version", version)),
                Updates.combine(Updates.push("eventIds", id), Updates.push(EVENTS, json),
                        Updates.set(FactDocument.FIELD, FactDocument.encode(after.state())),
                        Updates.set("version", version + 1))).getMatchedCount();
        return matched == 1 ? new Applied(Outcome.APPLIED, before, after.fact(), version + 1) : null;
    }

    /**
     * Adds many events to their leads' documents with one read and one unordered bulk write for the whole batch
     * (the rebuild's replay). A lead written by someone else in between (a version that moved on, a document created
     * first) is then applied event by event with {@link #apply}, which is idempotent, so nothing is lost or doubled.
     *
     * @return the number of events the batch added
     */
    public int applyAll(String generation, List<FunnelEvent> events) {
        Map<String, List<FunnelEvent>> byLead = new LinkedHashMap<>();
        for (FunnelEvent event : events) {
            if (LeadHistory.isKept(event)) {
                byLead.computeIfAbsent(event.leadId(), id -> new ArrayList<>()).add(event);
            }
        }
        if (byLead.isEmpty()) {
            return 0;
        }
        MongoCollection<Document> leads = database.getCollection(generation);
        Map<String, Document> stored = new HashMap<>();
        for (Document doc : leads.find(Filters.in("_id", byLead.keySet()))) {
            stored.put(doc.getString("_id"), doc);
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        List<String> written = new ArrayList<>();
        int added = 0;
        for (var lead : byLead.entrySet()) {
            Document doc = stored.get(lead.getKey());
            List<String> ids = new ArrayList<>();
            List<String> jsons = new ArrayList<>();
            LeadFold.State state = BatchFold.of(lead.getKey(), doc, lead.getValue(), ids, jsons);
            if (ids.isEmpty()) {
                continue;
            }
            if (doc == null) {
                writes.add(new InsertOneModel<>(new Document("_id", lead.getKey()).append("version", 1L)
                        .append("eventIds", ids).append(EVENTS, jsons)
                        .append(FactDocument.FIELD, FactDocument.encode(state))));
            } else {
                long version = doc.get("version", Number.class).longValue();
                writes.add(new UpdateOneModel<>(
                        Filters.and(Filters.eq("_id", lead.getKey()), Filters.eq("version", version)),
                        Updates.combine(Updates.pushEach("eventIds", ids), Updates.pushEach(EVENTS, jsons),
                                Updates.set(FactDocument.FIELD, FactDocument.encode(state)),
                                Updates.set("version", version + 1))));
            }
            written.add(lead.getKey());
            added += ids.size();
        }
        if (writes.isEmpty()) {
            return 0;
        }
        boolean complete;
        try {
            BulkWriteResult result = leads.bulkWrite(writes,
                    new BulkWriteOptions().ordered(false));
            complete = result.getInsertedCount() + result.getMatchedCount() == writes.size();
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            complete = false;
        }
        if (!complete) {
            // some lead changed underneath: apply its events the careful way (already applied ones are duplicates)
            for (String leadId : written) {
                for (FunnelEvent event : byLead.get(leadId)) {
                    apply(generation, event);
                }
            }
        }
        return added;
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
