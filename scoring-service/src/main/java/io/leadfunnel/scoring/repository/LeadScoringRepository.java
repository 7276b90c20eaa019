package io.leadfunnel.scoring.repository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.leadfunnel.scoring.domain.LeadScoringState;
import io.leadfunnel.runtime.outbox.OutboxSignal;
import io.leadfunnel.runtime.store.DueTimeIndex;
import io.leadfunnel.runtime.store.FieldChanges;
import io.leadfunnel.runtime.store.VersionedBulkWrite;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.BsonDocument;
import org.bson.BsonDocumentWrapper;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stores scoring states with optimistic concurrency: every write names the version it read and fails if another
 * write came first. New LeadScored events go into the document's outbox in the same write.
 */
@ApplicationScoped
public class LeadScoringRepository implements PanacheMongoRepositoryBase<LeadScoringDocument, String> {

    /** Top-level fields a write may clear; never the outbox, which only the relay removes from. */
    private static final Set<String> CLEARABLE = Set.of("profile", "activities", "score", "modelVersion",
            "nextEvaluationAt", "erasedAt", "appliedEventIds", "personalSequence", "personalDataErased",
            "awaitingPersonalData");

    /** Fields a changed-fields write leaves to others: the key, and the outbox it only appends to. */
    private static final Set<String> NOT_COMPARED = Set.of("_id", "outbox", "outboxPending");

    private final OutboxSignal outbox;
    private final DueTimeIndex due;

    /** @param due told the next evaluation time of every state this instance writes */
    public LeadScoringRepository(OutboxSignal outbox, DueTimeIndex due) {
        this.outbox = outbox;
        this.due = due;
    }

    /** The unique {@code {_id, version}} index of earlier releases, dropped at start ({@link #createIndexes}). */
    static final String VERSION_INDEX = "id_version";

    /**
     * Creates the indexes the relay, the decay scheduler and re-scoring query by, and drops the {@code {_id, version}}
     * index earlier releases created; idempotent. Every write filters on {@code _id} and {@code version}: MongoDB
     * serves that from the {@code _id} index, and so does the embedded engine of tests and the local stack, whose
     * planner reads a query that pins {@code _id} through the {@code _id} index (deploy/local-stack, {@code IdLookup}).
     * The second unique index only cost every write a removal and an insertion of its key, since each write changes
     * the version.
     */
    public void createIndexes() {
        MongoCollection<LeadScoringDocument> states = mongoCollection();
        states.createIndex(Indexes.ascending("nextEvaluationAt"), new IndexOptions().sparse(true).name("next_eval"));
        states.createIndex(Indexes.ascending("modelVersion"), new IndexOptions().sparse(true).name("model_version"));
        states.createIndex(Indexes.ascending("outboxPending"), new IndexOptions().sparse(true).name("outbox_pending"));
        for (Document index : states.listIndexes()) {
            if (VERSION_INDEX.equals(index.getString("name"))) {
                states.dropIndex(VERSION_INDEX);
            }
        }
    }

    public Optional<LeadScoringState> findState(String leadId) {
        return findByIdOptional(leadId).map(LeadScoringMapper::toState);
    }

    /**
     * Writes a state if nobody else wrote it since it was read (inserts it when new), appending its new events to
     * the outbox, and hands the outbox the write left to the relay.
     *
     * @return false when another write came first (the caller reloads and retries)
     */
    public boolean save(LeadScoringState state, Instant now) {
        if (state.version() == 0) {
            LeadScoringDocument doc = LeadScoringMapper.toDocument(state, 1, now);
            if (doc.outbox.isEmpty()) {
                doc.outbox = null;
            } else {
                doc.outboxPending = true;
            }
            try {
                mongoCollection().insertOne(doc);
                if (doc.outbox != null) {
                    outbox.stored(doc.id, doc.version, ScoreOutboxStore.events(doc.outbox));
                }
                due.set(state.leadId(), state.nextEvaluationAt());
                return true;
            } catch (MongoWriteException e) {
                if (ErrorCategory.fromErrorCode(e.getError().getCode()) == ErrorCategory.DUPLICATE_KEY) {
                    return false;
                }
                throw e;
            }
        }
        if (state.newEvents().isEmpty()) {
            if (mongoCollection().updateOne(filter(state), update(state, now)).getMatchedCount() != 1) {
                return false;
            }
            due.set(state.leadId(), state.nextEvaluationAt());
            return true;
        }
        LeadScoringDocument stored = mongoCollection().findOneAndUpdate(filter(state), update(state, now),
                new FindOneAndUpdateOptions().projection(Projections.include("outbox", "version"))
                        .returnDocument(ReturnDocument.AFTER));
        if (stored == null) {
            return false;
        }
        outbox.stored(stored.id, stored.version, ScoreOutboxStore.events(stored.outbox));
        due.set(state.leadId(), state.nextEvaluationAt());
        return true;
    }

    /**
     * A lead's state as read, with the outbox its document held at that version: a write guarded by that version
     * leaves exactly this outbox plus the events it appends, so the relay can be handed it without a read back.
     *
     * @param stored the document as read (null for a lead not stored yet): a write sets only what changed from it
     */
    public record Read(LeadScoringState state, List<LeadScoringDocument.OutboxEntry> outbox, RawBsonDocument stored) {

        /** A lead not stored yet. */
        public static Read absent(String leadId) {
            return new Read(LeadScoringState.create(leadId), List.of(), null);
        }

        /** The same document read, with the state changed to {@code changed}. */
        public Read with(LeadScoringState changed) {
            return new Read(changed, outbox, stored);
        }
    }

    /** The stored states of {@code leadIds}, in one {@code _id $in} query; leads not stored are absent. */
    public Map<String, Read> findStates(Collection<String> leadIds) {
        Map<String, Read> found = new HashMap<>();
        if (leadIds.isEmpty()) {
            return found;
        }
        Codec<LeadScoringDocument> codec = documentCodec();
        for (RawBsonDocument raw : mongoCollection().withDocumentClass(RawBsonDocument.class)
                .find(Filters.in("_id", leadIds))) {
            LeadScoringDocument doc = raw.decode(codec);
            found.put(doc.id, new Read(LeadScoringMapper.toState(doc), doc.outbox == null ? List.of() : doc.outbox,
                    raw));
        }
        return found;
    }

    private Codec<LeadScoringDocument> documentCodec() {
        return mongoCollection().getCodecRegistry().get(LeadScoringDocument.class);
    }

    /**
     * Writes changed states in one unordered bulk write, each guarded by the version it was read at (new states are
     * created whole, stored ones get only the fields that changed), appending their new events to the outbox; hands
     * each written lead's outbox (the one read plus the events appended) to the relay.
     *
     * @return which leads were written, which lost the race to another writer, which the store refused
     */
    public VersionedBulkWrite.Result saveAll(List<Read> changed, Instant now) {
        List<VersionedBulkWrite.Write> writes = new ArrayList<>(changed.size());
        Map<String, List<LeadScoringDocument.OutboxEntry>> outboxes = new HashMap<>();
        for (Read read : changed) {
            LeadScoringState state = read.state();
            List<LeadScoringDocument.OutboxEntry> appended = new ArrayList<>();
            writes.add(read.stored() == null
                    ? new VersionedBulkWrite.Write(state.leadId(), state.version(), update(state, now, appended))
                    : VersionedBulkWrite.Write.changes(state.leadId(), state.version(),
                            changedFields(read.stored(), state, now, appended)));
            if (!appended.isEmpty()) {
                List<LeadScoringDocument.OutboxEntry> stored = new ArrayList<>(read.outbox());
                stored.addAll(appended);
                outboxes.put(state.leadId(), stored);
            }
        }
        VersionedBulkWrite.Result result = VersionedBulkWrite.write(mongoCollection(), "version", writes);
        for (VersionedBulkWrite.Write write : writes) {
            List<LeadScoringDocument.OutboxEntry> stored = outboxes.get(write.id());
            if (stored != null && result.written().contains(write.id())) {
                outbox.stored(write.id(), write.writtenVersion(), ScoreOutboxStore.events(stored));
            }
        }
        for (Read read : changed) {
            if (result.written().contains(read.state().leadId())) {
                due.set(read.state().leadId(), read.state().nextEvaluationAt());
            }
        }
        return result;
    }

    /**
     * Leads whose next decay evaluation is due, earliest first: a query on {@code nextEvaluationAt}, which the embedded
     * engine answers by scanning every stored score, for when {@link DueTimeIndex} does not hold every stored time.
     */
    public List<String> dueForEvaluation(Instant now, int limit) {
        List<String> ids = new ArrayList<>();
        mongoCollection().withDocumentClass(Document.class).find(Filters.lte("nextEvaluationAt", now))
                .sort(Sorts.ascending("nextEvaluationAt")).projection(Projections.include("_id")).limit(limit)
                .forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    /**
     * Every stored next evaluation time, read by one scan (the embedded engine has no index on
     * {@code nextEvaluationAt}), at most {@code limit}: the sweep of {@link DueTimeIndex}.
     */
    public Map<String, Instant> storedEvaluationTimes(int limit) {
        Map<String, Instant> stored = new HashMap<>();
        mongoCollection().withDocumentClass(Document.class).find(Filters.exists("nextEvaluationAt"))
                .projection(Projections.include("_id", "nextEvaluationAt")).limit(limit).forEach(d -> {
                    Date at = d.getDate("nextEvaluationAt");
                    if (at != null) {
                        stored.put(d.getString("_id"), at.toInstant());
                    }
                });
        return stored;
    }

    /**
     * Leads not erased whose score is not from {@code modelVersion} (or that have no score yet), leaving out those
     * awaiting their personal values: they are scored, under the model active then, once the values arrive.
     */
    public List<LeadScoringState> scoredUnderAnotherModel(int modelVersion, int limit) {
        return mongoCollection().find(notUnder(modelVersion)).limit(limit)
                .into(new ArrayList<>()).stream().map(LeadScoringMapper::toState).toList();
    }

    public long countScoredUnderAnotherModel(int modelVersion) {
        return mongoCollection().countDocuments(notUnder(modelVersion));
    }

    /** A page of leads not erased, by id, after {@code afterId} (null for the first page). */
    public List<LeadScoringState> page(String afterId, int limit) {
        Bson filter = afterId == null ? Filters.exists("erasedAt", false)
                : Filters.and(Filters.exists("erasedAt", false), Filters.gt("_id", afterId));
        return mongoCollection().find(filter).sort(Sorts.ascending("_id")).limit(limit)
                .into(new ArrayList<>()).stream().map(LeadScoringMapper::toState).toList();
    }

    /** Leads whose outbox holds unpublished events. */
    public List<LeadScoringDocument> withPendingOutbox(int limit) {
        return find("outboxPending", true).page(0, limit).list();
    }

    public long pendingOutboxCount() {
        return count("outboxPending", true);
    }

    private static Bson notUnder(int modelVersion) {
        return Filters.and(Filters.ne("modelVersion", modelVersion), Filters.exists("erasedAt", false),
                Filters.ne("awaitingPersonalData", true));
    }

    /**
     * {@code _id} and {@code version} as {@code $and}. A plain {@code {_id, version}} document would let the embedded
     * engine used by tests and the local stack serve the write from an index, but under concurrent writers that path
     * was seen to lose updates there (a write matching a version that had already moved on).
     */
    private static Bson filter(String leadId, long version) {
        return Filters.and(Filters.eq("_id", leadId), Filters.eq("version", version));
    }

    private static Bson filter(LeadScoringState state) {
        return filter(state.leadId(), state.version());
    }

    private Bson update(LeadScoringState state, Instant now) {
        return update(state, now, new ArrayList<>());
    }

    /**
     * The update that stores {@code state} at its next version over the document {@code stored}, as read at the
     * version the write is guarded by: only the fields that changed ({@link FieldChanges}), new events pushed to the
     * outbox and added to {@code appended}.
     */
    private Bson changedFields(RawBsonDocument stored, LeadScoringState state, Instant now,
                               List<LeadScoringDocument.OutboxEntry> appended) {
        LeadScoringDocument doc = LeadScoringMapper.toDocument(state, state.version() + 1, now);
        List<LeadScoringDocument.OutboxEntry> newEntries = doc.outbox;
        appended.addAll(newEntries);
        doc.outbox = null;
        doc.outboxPending = null;
        List<Bson> updates = new ArrayList<>();
        updates.add(FieldChanges.between(stored, new RawBsonDocument(doc, documentCodec()), NOT_COMPARED,
                CLEARABLE));
        if (!newEntries.isEmpty()) {
            updates.add(Updates.pushEach("outbox", newEntries));
            updates.add(Updates.set("outboxPending", true));
        }
        return Updates.combine(updates);
    }

    /**
     * The update that stores {@code state} at its next version: every field set (so as an upsert it creates the whole
     * document), cleared ones unset, new events pushed to the outbox and added to {@code appended}.
     */
    private Bson update(LeadScoringState state, Instant now, List<LeadScoringDocument.OutboxEntry> appended) {
        LeadScoringDocument doc = LeadScoringMapper.toDocument(state, state.version() + 1, now);
        List<LeadScoringDocument.OutboxEntry> newEntries = doc.outbox;
        appended.addAll(newEntries);
        doc.outbox = null;
        doc.outboxPending = null;
        BsonDocument fields = BsonDocumentWrapper.asBsonDocument(doc, mongoCollection().getCodecRegistry());
        fields.remove("_id");
        fields.remove("outbox");
        fields.remove("outboxPending");
        List<Bson> updates = new ArrayList<>();
        updates.add(new Document("$set", fields));
        for (String clearable : CLEARABLE) {
            if (!fields.containsKey(clearable) || fields.get(clearable).isNull()) {
                fields.remove(clearable);
                updates.add(Updates.unset(clearable));
            }
        }
        if (!newEntries.isEmpty()) {
            updates.add(Updates.pushEach("outbox", newEntries));
            updates.add(Updates.set("outboxPending", true));
        }
        return Updates.combine(updates);
    }
}
