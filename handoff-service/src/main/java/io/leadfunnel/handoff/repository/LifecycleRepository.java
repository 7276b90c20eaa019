package io.leadfunnel.handoff.repository;

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
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.handoff.domain.Handoff;
import io.leadfunnel.handoff.domain.LeadLifecycle;
import io.leadfunnel.handoff.domain.RoutingDecision;
import io.leadfunnel.runtime.outbox.OutboxClearing;
import io.leadfunnel.runtime.outbox.OutboxEvent;
import io.leadfunnel.runtime.outbox.OutboxSignal;
import io.leadfunnel.runtime.outbox.OutboxStore;
import io.leadfunnel.runtime.outbox.PendingOutbox;
import io.leadfunnel.runtime.store.DueTimeIndex;
import io.leadfunnel.runtime.store.FieldChanges;
import io.leadfunnel.runtime.store.VersionedBulkWrite;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One document per lead: its lifecycle state, the fields the queries and the SLA timer need (stage, owner, next due
 * time), and the outbox of lifecycle events not yet acknowledged by Kafka. Every write names the version it read and
 * increments it, so two writers on one lead cannot both win; the events go into the outbox in that same write. The
 * state is stored through {@link StoredJson}'s codec in its JSON shape; a write that opens, moves or ends a rep's
 * hand-off updates the rep's {@link OpenHandoffCounts} after it.
 */
@ApplicationScoped
public class LifecycleRepository {

    private static final Logger LOG = Logger.getLogger(LifecycleRepository.class);
    private static final Codec<LeadLifecycle.State> STATE = StoredJson.codec(LeadLifecycle.State.class);
    /** The query fields a write unsets when the lifecycle no longer has them. */
    private static final List<String> CLEARABLE = List.of("owner", "team", "timerDueAt", "handoffOpen", "escalations");
    /** Fields a changed-fields write leaves to others: the key, and the outbox it only appends to. */
    private static final Set<String> NOT_COMPARED = Set.of("_id", "outbox", "outboxPending");

    private final Collections collections;
    private final Clock clock;
    private final OpenHandoffCounts openHandoffs;
    private final OutboxSignal signal;
    private final DueTimeIndex clocks;
    /** The client's codecs and the state's. */
    private volatile CodecRegistry registry;

    public LifecycleRepository(Collections collections, Clock clock, OpenHandoffCounts openHandoffs,
                               OutboxSignal signal, DueTimeIndex clocks) {
        this.collections = collections;
        this.clock = clock;
        this.openHandoffs = openHandoffs;
        this.signal = signal;
        this.clocks = clocks;
    }

    /**
     * A lifecycle with the version it was read at (0: not stored yet).
     *
     * @param openOwner the rep holding its open hand-off when read (null: none, or a queue)
     */
    public record Loaded(LeadLifecycle lifecycle, long version, String openOwner) {

        public Loaded(LeadLifecycle lifecycle, long version) {
            this(lifecycle, version, openRep(lifecycle));
        }
    }

    /** The rep holding the lead's open hand-off, if a rep (not a queue) does. */
    public static String openRep(LeadLifecycle lifecycle) {
        Handoff handoff = lifecycle.handoff();
        return handoff != null && handoff.isOpen() && handoff.owner() != null
                && !handoff.owner().startsWith(RoutingDecision.QUEUE_PREFIX) ? handoff.owner() : null;
    }

    private MongoCollection<Document> lifecycles() {
        MongoCollection<Document> collection = collections.get(Collections.LIFECYCLES);
        if (registry == null) {
            registry = CodecRegistries.fromRegistries(CodecRegistries.fromCodecs(STATE), collection.getCodecRegistry());
        }
        return collection.withCodecRegistry(registry);
    }

    private MongoCollection<RawBsonDocument> stored() {
        return collections.get(Collections.LIFECYCLES).withDocumentClass(RawBsonDocument.class);
    }

    private static LeadLifecycle read(BsonDocument doc) {
        return new LeadLifecycle(StoredJson.read(doc.getDocument("state"), STATE));
    }

    public void createIndexes() {
        lifecycles().createIndex(Indexes.ascending("timerDueAt"), new IndexOptions().sparse(true).name("timer_due"));
        lifecycles().createIndex(Indexes.ascending("owner", "stage"), new IndexOptions().sparse(true).name("owner"));
        lifecycles().createIndex(Indexes.ascending("outboxPending"), new IndexOptions().sparse(true).name("outbox"));
        lifecycles().createIndex(Indexes.ascending("handoffOpen"), new IndexOptions().sparse(true).name("open"));
    }

    public Optional<Loaded> find(String leadId) {
        RawBsonDocument doc = stored().find(Filters.eq("_id", leadId)).projection(Projections.exclude("outbox")).first();
        if (doc == null) {
            return Optional.empty();
        }
        return Optional.of(new Loaded(read(doc), doc.getNumber("version").longValue()));
    }

    /** Loads a lifecycle, or a new one for a lead never seen. */
    public Loaded findOrNew(String leadId) {
        return find(leadId).orElseGet(() -> new Loaded(LeadLifecycle.unknown(leadId), 0));
    }

    /**
     * Stores the lifecycle and appends its pending events to the outbox, in one write, and hands the outbox the write
     * left to the relay.
     *
     * @return false when another write came first (the caller reloads and retries)
     */
    public boolean save(Loaded loaded) {
        LeadLifecycle lifecycle = loaded.lifecycle();
        Document fields = storedFields(lifecycle);
        List<Document> outbox = outboxOf(lifecycle);
        if (loaded.version() == 0) {
            Document doc = new Document("_id", lifecycle.leadId()).append("version", 1L);
            doc.putAll(fields);
            doc.append("outbox", outbox);
            if (!outbox.isEmpty()) {
                doc.append("outboxPending", true);
            }
            try {
                lifecycles().insertOne(doc);
                signal.stored(lifecycle.leadId(), 1L, LifecycleOutboxStore.events(outbox));
                written(loaded);
                return true;
            } catch (MongoWriteException e) {
                if (ErrorCategory.fromErrorCode(e.getError().getCode()) == ErrorCategory.DUPLICATE_KEY) {
                    return false;
                }
                throw e;
            }
        }
        List<Bson> updates = changes(fields, outbox);
        updates.add(Updates.inc("version", 1L));
        Bson current = Filters.and(Filters.eq("_id", lifecycle.leadId()), Filters.eq("version", loaded.version()));
        if (outbox.isEmpty()) {
            boolean saved = lifecycles().updateOne(current, Updates.combine(updates)).getMatchedCount() == 1;
            if (saved) {
                written(loaded);
            }
            return saved;
        }
        Document stored = lifecycles().findOneAndUpdate(current, Updates.combine(updates),
                new FindOneAndUpdateOptions().projection(Projections.include("outbox", "version"))
                        .returnDocument(ReturnDocument.AFTER));
        if (stored == null) {
            return false;
        }
        signal.stored(lifecycle.leadId(), stored.getLong("version"),
                LifecycleOutboxStore.events(stored.getList("outbox", Document.class, List.of())));
        written(loaded);
        return true;
    }

    /** After a lifecycle's write: its open hand-off counted, its SLA clock indexed. */
    private void written(Loaded loaded) {
        clocks.set(loaded.lifecycle().leadId(), timerDueAt(loaded.lifecycle()));
        countMove(loaded);
    }

    /**
     * A lifecycle as read for a poll, with the outbox its document held at that version: a write guarded by that
     * version leaves exactly this outbox plus the events it appends, so the relay is handed it without a read back.
     *
     * @param stored the document as read (null for a lead not stored yet): a write sets only what changed from it
     */
    public record Read(LeadLifecycle.State state, long version, List<OutboxEvent> outbox, RawBsonDocument stored) {

        /** A lead not stored yet. */
        public static Read absent(String leadId) {
            return new Read(LeadLifecycle.unknown(leadId).state(), 0, List.of(), null);
        }

        /** A lifecycle to change, fresh from the state read each time (a lead applied again starts from it). */
        public Loaded load() {
            return new Loaded(new LeadLifecycle(state), version);
        }
    }

    /** A lifecycle changed in a poll, and how it was read. */
    public record Change(Loaded loaded, Read read) {
    }

    /** The stored lifecycles of {@code leadIds}, in one {@code _id $in} query; leads not stored are absent. */
    public Map<String, Read> findAll(Collection<String> leadIds) {
        Map<String, Read> found = new LinkedHashMap<>();
        if (leadIds.isEmpty()) {
            return found;
        }
        for (RawBsonDocument doc : stored().find(Filters.in("_id", leadIds))) {
            found.put(doc.getString("_id").getValue(),
                    new Read(read(doc).state(), doc.getNumber("version").longValue(), outboxEvents(doc.get("outbox")),
                            doc));
        }
        return found;
    }

    /** A stored outbox, read straight from the bytes the driver received, as the relay publishes it. */
    private static List<OutboxEvent> outboxEvents(BsonValue outbox) {
        List<OutboxEvent> events = new ArrayList<>();
        if (outbox != null && outbox.isArray()) {
            for (BsonValue value : outbox.asArray()) {
                BsonDocument event = value.asDocument();
                events.add(new OutboxEvent(event.getString("eventId").getValue(), event.getString("type").getValue(),
                        event.getString("payload").getValue()));
            }
        }
        return events;
    }

    /**
     * Writes the changed lifecycles in one unordered bulk write, each guarded by the version it was read at (new ones
     * created), appending their new events to the outbox. For each lead written, hands the outbox it left (the one
     * read plus the events appended) to the relay, and the open hand-offs its write moved go to the counts, all in one
     * write after the bulk: as for one lead, only a write that won its version check moves a count.
     *
     * @return which leads were written, which lost the race to another writer, which the store refused
     */
    public VersionedBulkWrite.Result saveAll(List<Change> changes) {
        List<VersionedBulkWrite.Write> writes = new ArrayList<>(changes.size());
        Map<String, List<OutboxEvent>> outboxes = new HashMap<>();
        for (Change change : changes) {
            LeadLifecycle lifecycle = change.loaded().lifecycle();
            Document fields = storedFields(lifecycle);
            fields.append("version", change.loaded().version() + 1);
            List<Document> appended = outboxOf(lifecycle);
            RawBsonDocument stored = change.read().stored();
            writes.add(stored == null
                    ? new VersionedBulkWrite.Write(lifecycle.leadId(), change.loaded().version(),
                            Updates.combine(changes(fields, appended)))
                    : VersionedBulkWrite.Write.changes(lifecycle.leadId(), change.loaded().version(),
                            Updates.combine(changedFields(stored, fields, appended))));
            List<OutboxEvent> outbox = new ArrayList<>(change.read().outbox());
            outbox.addAll(LifecycleOutboxStore.events(appended));
            outboxes.put(lifecycle.leadId(), outbox);
        }
        VersionedBulkWrite.Result result = VersionedBulkWrite.write(lifecycles(), "version", writes);
        List<Loaded> moved = new ArrayList<>();
        for (Change change : changes) {
            String leadId = change.loaded().lifecycle().leadId();
            if (result.written().contains(leadId)) {
                signal.stored(leadId, change.loaded().version() + 1, outboxes.get(leadId));
                clocks.set(leadId, timerDueAt(change.loaded().lifecycle()));
                moved.add(change.loaded());
            }
        }
        countMoves(moved);
        return result;
    }

    /** The fields a write sets: the query fields, the state and the time of the change. */
    private Document storedFields(LeadLifecycle lifecycle) {
        Document fields = queryFields(lifecycle);
        fields.append("state", lifecycle.state());
        fields.append("updatedAt", Date.from(clock.instant()));
        return fields;
    }

    /** The lifecycle's new events as outbox entries. */
    private static List<Document> outboxOf(LeadLifecycle lifecycle) {
        List<Document> outbox = new ArrayList<>();
        for (LifecycleEvent event : lifecycle.pendingEvents()) {
            outbox.add(new Document("eventId", event.eventId().toString()).append("type", event.type())
                    .append("payload", FunnelJson.write(event)));
        }
        return outbox;
    }

    /** The update of a stored lifecycle: {@code fields} set, the query fields it no longer has unset, events pushed. */
    private static List<Bson> changes(Document fields, List<Document> outbox) {
        List<Bson> updates = new ArrayList<>();
        updates.add(new Document("$set", fields));
        for (String clearable : CLEARABLE) {
            if (!fields.containsKey(clearable)) {
                updates.add(Updates.unset(clearable));
            }
        }
        return withOutbox(updates, outbox);
    }

    /**
     * The update of a lifecycle stored as {@code stored} (read at the version the write is guarded by): only the
     * fields that changed from it ({@link FieldChanges}), down to the state's own fields, and the events pushed.
     */
    private List<Bson> changedFields(RawBsonDocument stored, Document fields, List<Document> outbox) {
        RawBsonDocument after = new RawBsonDocument(fields, lifecycles().getCodecRegistry().get(Document.class));
        List<Bson> updates = new ArrayList<>();
        updates.add(FieldChanges.between(stored, after, NOT_COMPARED, Set.copyOf(CLEARABLE)));
        return withOutbox(updates, outbox);
    }

    private static List<Bson> withOutbox(List<Bson> updates, List<Document> outbox) {
        if (!outbox.isEmpty()) {
            updates.add(Updates.pushEach("outbox", outbox));
            updates.add(Updates.set("outboxPending", true));
        }
        return updates;
    }

    /**
     * Moves the open hand-off count from the rep who held the lead when it was read to the one holding it now. The
     * lifecycle is stored already: a count that cannot be written now is corrected by the next recount.
     */
    private void countMove(Loaded loaded) {
        String now = openRep(loaded.lifecycle());
        if (Objects.equals(loaded.openOwner(), now)) {
            return;
        }
        try {
            openHandoffs.moved(loaded.openOwner(), now);
        } catch (RuntimeException e) {
            LOG.warnf("lead %s: the open hand-off count of %s / %s was not updated (%s); the next recount corrects it",
                    loaded.lifecycle().leadId(), loaded.openOwner(), now, e.getMessage());
        }
    }

    /**
     * The open hand-off counts moved by several written lifecycles, summed by rep and written at once. The lifecycles
     * are stored already: counts that cannot be written now are corrected by the next recount.
     */
    private void countMoves(List<Loaded> written) {
        Map<String, Integer> moves = new HashMap<>();
        for (Loaded loaded : written) {
            String now = openRep(loaded.lifecycle());
            if (!Objects.equals(loaded.openOwner(), now)) {
                OpenHandoffCounts.add(moves, loaded.openOwner(), now);
            }
        }
        if (moves.isEmpty()) {
            return;
        }
        try {
            openHandoffs.moved(moves);
        } catch (RuntimeException e) {
            LOG.warnf("the open hand-off counts of %s were not updated (%s); the next recount corrects them",
                    moves.keySet(), e.getMessage());
        }
    }

    private static Document queryFields(LeadLifecycle lifecycle) {
        Document fields = new Document();
        if (lifecycle.stage() != null) {
            fields.append("stage", lifecycle.stage().name());
        }
        Handoff handoff = lifecycle.handoff();
        if (handoff != null) {
            fields.append("owner", handoff.owner()).append("team", handoff.team());
            if (handoff.isOpen()) {
                fields.append("handoffOpen", true);
                if (handoff.escalations() > 0) {
                    fields.append("escalations", handoff.escalations());
                }
            }
            Instant dueAt = timerDueAt(lifecycle);
            if (dueAt != null) {
                fields.append("timerDueAt", Date.from(dueAt));
            }
        }
        return fields;
    }

    /** When the lifecycle's running SLA clock runs out (stored as {@code timerDueAt}), or null when none runs. */
    public static Instant timerDueAt(LeadLifecycle lifecycle) {
        Handoff handoff = lifecycle.handoff();
        return handoff != null && handoff.isOpen() ? handoff.nextTimerAt() : null;
    }

    /**
     * Every stored SLA clock, read by one scan (the embedded engine has no index on {@code timerDueAt}), at most
     * {@code limit}: the sweep of {@link DueTimeIndex}.
     */
    public Map<String, Instant> storedClocks(int limit) {
        Map<String, Instant> stored = new HashMap<>();
        lifecycles().find(Filters.exists("timerDueAt")).projection(Projections.include("_id", "timerDueAt"))
                .limit(limit).forEach(d -> stored.put(d.getString("_id"), d.getDate("timerDueAt").toInstant()));
        return stored;
    }

    /** Leads whose SLA clock ran out by {@code now}, earliest first: a scan, for when the index is not complete. */
    public List<String> dueTimers(Instant now, int limit) {
        List<String> ids = new ArrayList<>();
        lifecycles().find(Filters.lte("timerDueAt", Date.from(now))).sort(Sorts.ascending("timerDueAt"))
                .projection(Projections.include("_id")).limit(limit).forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    /** Open hand-offs per rep (queues left out), counted from every lifecycle: a sweep's scan, never a hot path's. */
    public Map<String, Integer> countOpenHandoffs() {
        Map<String, Integer> open = new HashMap<>();
        collections.get(Collections.LIFECYCLES).find(Filters.eq("handoffOpen", true))
                .projection(Projections.include("owner")).forEach(d -> {
                    String owner = d.getString("owner");
                    if (owner != null && !owner.startsWith(RoutingDecision.QUEUE_PREFIX)) {
                        open.merge(owner, 1, Integer::sum);
                    }
                });
        return open;
    }

    /** Lifecycles with an open or past hand-off, filtered by owner and stage, most recently changed first. */
    public List<LeadLifecycle> handoffs(String owner, String stage, boolean openOnly, int limit) {
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.exists("owner"));
        if (owner != null) {
            filters.add(Filters.eq("owner", owner));
        }
        if (stage != null) {
            filters.add(Filters.eq("stage", stage));
        }
        if (openOnly) {
            filters.add(Filters.eq("handoffOpen", true));
        }
        return load(Filters.and(filters), limit);
    }

    /** Open hand-offs that breached an SLA or whose clock has run out: the black-hole report. */
    public List<LeadLifecycle> overdue(Instant now, int limit) {
        return load(Filters.and(Filters.eq("handoffOpen", true), Filters.or(Filters.gt("escalations", 0),
                Filters.lte("timerDueAt", Date.from(now)))), limit);
    }

    private List<LeadLifecycle> load(Bson filter, int limit) {
        List<LeadLifecycle> result = new ArrayList<>();
        stored().find(filter).projection(Projections.exclude("outbox")).sort(Sorts.descending("updatedAt"))
                .limit(limit).forEach(doc -> result.add(read(doc)));
        return result;
    }

    /** Leads whose outbox holds unpublished events, each with the version it was read at. */
    public List<PendingOutbox> withPendingOutbox(int limit) {
        List<PendingOutbox> result = new ArrayList<>();
        lifecycles().find(Filters.eq("outboxPending", true)).projection(Projections.include("outbox", "version"))
                .limit(limit).forEach(doc -> {
                    List<OutboxEvent> events = LifecycleOutboxStore.events(doc.getList("outbox", Document.class,
                            List.of()));
                    Long version = doc.getLong("version");
                    result.add(new PendingOutbox(doc.getString("_id"), version == null ? 0 : version, events));
                });
        return result;
    }

    /** Removes the events the broker acknowledged from their outboxes, every lead in one bulk write. */
    public void clearPublished(List<OutboxStore.Published> published) {
        OutboxClearing.clear(lifecycles(), published);
    }

    public long pendingOutboxCount() {
        return lifecycles().countDocuments(Filters.eq("outboxPending", true));
    }
}
