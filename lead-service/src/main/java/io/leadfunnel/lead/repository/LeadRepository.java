package io.leadfunnel.lead.repository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
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
import io.leadfunnel.lead.domain.ExternalRef;
import io.leadfunnel.lead.domain.Lead;
import io.leadfunnel.runtime.outbox.OutboxSignal;
import io.leadfunnel.runtime.store.GroupedInserts;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.BsonDocument;
import org.bson.BsonDocumentWrapper;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stores leads with optimistic concurrency: every write names the version it read and fails if another write came
 * first. New events go into the document's outbox in the same write, so state and events can never disagree.
 */
@ApplicationScoped
public class LeadRepository implements PanacheMongoRepositoryBase<LeadDocument, String> {

    /** Top-level fields a write may clear; never the outbox, which only the relay removes from. */
    private static final Set<String> CLEARABLE = Set.of("email", "refs", "owner", "team", "score", "mergedInto",
            "pendingMerge", "mergedLeadIds", "erasedAt", "activityIds", "appliedEventIds", "lifecycleAt",
            "searchText", "channel");

    /** Most new leads in one insert of concurrent deliveries' leads. */
    static final int MAX_GROUPED_INSERT = 1000;

    private final Clock clock;
    private final OutboxSignal outbox;
    private final GroupedInserts<LeadDocument> inserts = new GroupedInserts<>(this::mongoCollection,
            MAX_GROUPED_INSERT);

    public LeadRepository(Clock clock, OutboxSignal outbox) {
        this.clock = clock;
        this.outbox = outbox;
    }

    /** Creates the indexes the uniqueness rules and the queries rely on; idempotent. */
    public void createIndexes() {
        MongoCollection<LeadDocument> leads = mongoCollection();
        leads.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).sparse(true).name("email_unique"));
        leads.createIndex(Indexes.ascending("refs"), new IndexOptions().unique(true).sparse(true).name("refs_unique"));
        leads.createIndex(Indexes.descending("createdAt", "_id"), new IndexOptions().name("created"));
        leads.createIndex(Indexes.ascending("stage"), new IndexOptions().name("stage"));
        leads.createIndex(Indexes.ascending("owner"), new IndexOptions().sparse(true).name("owner"));
        leads.createIndex(Indexes.ascending("profile.source"), new IndexOptions().name("source"));
        leads.createIndex(Indexes.ascending("profile.campaign"), new IndexOptions().sparse(true).name("campaign"));
        leads.createIndex(Indexes.ascending("outboxPending"), new IndexOptions().sparse(true).name("outbox_pending"));
        leads.createIndex(Indexes.ascending("pendingMerge.survivorId"),
                new IndexOptions().sparse(true).name("pending_merge"));
    }

    public Optional<Lead> findLead(String id) {
        return findByIdOptional(id).map(LeadDocumentMapper::toLead);
    }

    public Optional<Lead> findByRef(ExternalRef ref) {
        return find("refs", ref.key()).firstResultOptional().map(LeadDocumentMapper::toLead);
    }

    public Optional<Lead> findByEmail(String canonicalEmail) {
        if (canonicalEmail == null) {
            return Optional.empty();
        }
        return find("email", canonicalEmail).firstResultOptional().map(LeadDocumentMapper::toLead);
    }

    /** The stored document, for read APIs. */
    public Optional<LeadDocument> findDocument(String id) {
        return findByIdOptional(id);
    }

    /**
     * Inserts a new lead with its pending events.
     *
     * @throws DuplicateLeadException when its e-mail or a reference already belongs to another lead
     */
    public void insert(Lead lead) {
        LeadDocument doc = LeadDocumentMapper.toDocument(lead, 1, clock.instant());
        try {
            mongoCollection().insertOne(doc);
        } catch (MongoWriteException e) {
            throw translate(e);
        }
        lead.markStored(1);
        outbox.stored(doc.id, doc.version, LeadOutboxStore.events(doc.outbox));
    }

    /**
     * Which of these references ({@link ExternalRef#key()}) and canonical e-mails a stored lead already holds: the
     * reference keys as they are, the e-mails prefixed with {@code email:}.
     */
    public Set<String> heldKeys(Collection<String> refKeys, Collection<String> emails) {
        Set<String> held = new HashSet<>();
        // two look-ups rather than one $or: each is answered from its unique index, also by the local engine
        if (!refKeys.isEmpty()) {
            for (Document doc : keysOf(Filters.in("refs", refKeys))) {
                for (String ref : doc.getList("refs", String.class, List.of())) {
                    if (refKeys.contains(ref)) {
                        held.add(ref);
                    }
                }
            }
        }
        if (!emails.isEmpty()) {
            for (Document doc : keysOf(Filters.in("email", emails))) {
                held.add("email:" + doc.getString("email"));
            }
        }
        return held;
    }

    private Iterable<Document> keysOf(Bson filter) {
        return mongoCollection().withDocumentClass(Document.class).find(filter)
                .projection(Projections.include("refs", "email"));
    }

    /**
     * Inserts new leads with one unordered write (each with its pending events), shared with the new leads of the
     * deliveries being stored at the same time ({@link GroupedInserts}): under load many deliveries' leads go to the
     * database in one command.
     *
     * @return the positions of the leads not inserted because their e-mail or a reference already belongs to another
     *         lead (written in between); every other lead is stored
     */
    public Set<Integer> insertAll(List<Lead> newLeads) {
        if (newLeads.isEmpty()) {
            return Set.of();
        }
        Instant now = clock.instant();
        List<LeadDocument> docs = new ArrayList<>(newLeads.size());
        for (Lead lead : newLeads) {
            docs.add(LeadDocumentMapper.toDocument(lead, 1, now));
        }
        Set<Integer> refused = new HashSet<>();
        GroupedInserts.Refused result = inserts.insert(docs);
        result.errors().forEach((index, error) -> {
            if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw result.exception();
            }
            refused.add(index);
        });
        for (int i = 0; i < newLeads.size(); i++) {
            if (!refused.contains(i)) {
                newLeads.get(i).markStored(1);
                outbox.stored(docs.get(i).id, docs.get(i).version, LeadOutboxStore.events(docs.get(i).outbox));
            }
        }
        return refused;
    }

    /**
     * Writes a changed lead if nobody else wrote it since it was read, appending its pending events to the outbox,
     * and hands the outbox the write left to the relay.
     *
     * @return false when the version changed in between (the caller reloads and retries)
     * @throws DuplicateLeadException when the change would give it another lead's e-mail or reference
     */
    public boolean update(Lead lead) {
        long next = lead.state().version() + 1;
        LeadDocument doc = LeadDocumentMapper.toDocument(lead, next, clock.instant());
        List<LeadDocument.OutboxEntry> newEntries = doc.outbox;
        doc.outbox = null;
        doc.outboxPending = null;
        BsonDocument fields = BsonDocumentWrapper.asBsonDocument(doc, mongoCollection().getCodecRegistry());
        fields.remove("_id");
        List<Bson> updates = new ArrayList<>();
        updates.add(new Document("$set", fields));
        for (String clearable : CLEARABLE) {
            if (!fields.containsKey(clearable)) {
                updates.add(Updates.unset(clearable));
            }
        }
        if (!newEntries.isEmpty()) {
            updates.add(Updates.pushEach("outbox", newEntries));
            updates.add(Updates.set("outboxPending", true));
        }
        Bson current = Filters.and(Filters.eq("_id", lead.id()), Filters.eq("version", lead.state().version()));
        try {
            if (newEntries.isEmpty()) {
                if (mongoCollection().updateOne(current, Updates.combine(updates)).getMatchedCount() == 0) {
                    return false;
                }
            } else {
                // the outbox as stored now, for the relay: what earlier writes left unpublished, then these entries
                LeadDocument stored = mongoCollection().findOneAndUpdate(current, Updates.combine(updates),
                        new FindOneAndUpdateOptions().projection(Projections.include("outbox", "version"))
                                .returnDocument(ReturnDocument.AFTER));
                if (stored == null) {
                    return false;
                }
                outbox.stored(lead.id(), stored.version, LeadOutboxStore.events(stored.outbox));
            }
        } catch (MongoWriteException e) {
            throw translate(e);
        } catch (MongoCommandException e) {
            // findOneAndUpdate reports a duplicate key as a failed command rather than a write error
            throw translate(e.getErrorCode(), e.getErrorMessage(), e);
        }
        lead.markStored(next);
        return true;
    }

    /** Leads whose outbox holds unpublished events, oldest change first. */
    public List<LeadDocument> withPendingOutbox(int limit) {
        return find("outboxPending", true).page(0, limit).list();
    }

    /**
     * Removes personal data from the events of an erased lead that still wait in its outbox (the broker was away):
     * they are published without it. Each entry is rewritten in place; one the relay removed meanwhile is skipped.
     *
     * @return the number of entries rewritten
     */
    public int scrubOutbox(String leadId) {
        LeadDocument doc = findById(leadId);
        if (doc == null || doc.outbox == null) {
            return 0;
        }
        int scrubbed = 0;
        for (LeadDocument.OutboxEntry entry : doc.outbox) {
            if (entry.payload == null) {
                continue; // a tombstone
            }
            String clean = PersonalData.scrub(entry.payload);
            if (!clean.equals(entry.payload)) {
                scrubbed += (int) mongoCollection().updateOne(
                        Filters.and(Filters.eq("_id", leadId), Filters.eq("outbox.eventId", entry.eventId)),
                        Updates.set("outbox.$.payload", clean)).getModifiedCount();
            }
        }
        return scrubbed;
    }

    /** Number of leads waiting for the relay. */
    public long pendingOutboxCount() {
        return count("outboxPending", true);
    }

    /** Absorbed leads whose survivor has not yet taken their data (a merge interrupted by a crash). */
    public List<Lead> withPendingMerge(Instant startedBefore, int limit) {
        return mongoCollection().find(Filters.and(Filters.exists("pendingMerge.survivorId"),
                        Filters.lt("updatedAt", startedBefore)))
                .limit(limit).into(new ArrayList<>()).stream().map(LeadDocumentMapper::toLead).toList();
    }

    /** One page of leads matching a filter, newest first, after the cursor position. */
    public List<LeadDocument> search(Bson filter, int limit) {
        return mongoCollection().find(filter)
                .sort(Sorts.descending("createdAt", "_id"))
                .limit(limit)
                .into(new ArrayList<>());
    }

    /**
     * One page of leads matching a query, newest first, starting after the query's position. Returns at most
     * {@code limit} leads.
     */
    public List<Lead> page(LeadQuery query, int limit) {
        return search(query.toFilter(), limit).stream().map(LeadDocumentMapper::toLead).toList();
    }

    private static RuntimeException translate(MongoWriteException e) {
        return translate(e.getError().getCode(), e.getError().getMessage(), e);
    }

    private static RuntimeException translate(int code, String message, RuntimeException e) {
        if (ErrorCategory.fromErrorCode(code) == ErrorCategory.DUPLICATE_KEY) {
            String index = message.contains("email") ? "email" : message.contains("refs") ? "refs" : "id";
            return new DuplicateLeadException(index, e);
        }
        return e;
    }

}
