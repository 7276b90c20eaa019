package io.leadfunnel.metrics.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.metrics.aggregate.AggregateStore;
import io.leadfunnel.metrics.aggregate.Contributions;
import io.leadfunnel.metrics.aggregate.Counters;
import io.leadfunnel.metrics.domain.LeadFact;
import io.leadfunnel.metrics.domain.LeadRecord;
import io.leadfunnel.runtime.store.LeadLocks;
import io.leadfunnel.runtime.store.OptimisticWrite;
import io.leadfunnel.runtime.store.VersionedBulkWrite;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One document per lead: {@code _id} = lead id, {@code version} (optimistic: every write names the version it read)
 * and {@code record}, the lead's {@link LeadRecord} ({@link RecordDocument}): its milestones, which do not depend on
 * the order or the number of times its events came, and keep no raw event. A document written before records existed
 * holds {@code eventIds}, {@code events} and {@code fact} instead; it is read from its events and gets its record, in
 * place of those fields, the next time one of its lead's events is applied. {@code pending} holds, per partition,
 * the change the lead's last write brought to the aggregates until the partition's log has it ({@link Accounting}).
 *
 * <p>The documents live in a <em>generation</em>: a collection {@code facts_<n>}. The {@code store} collection names
 * the active one; a rebuild fills a new generation and then switches the pointer.
 */
@ApplicationScoped
public class FactRepository {

    static final String META = "store";
    static final String POINTER = "active";
    static final String FIRST_GENERATION = "facts_0";
    private static final String REBUILDING = "rebuilding";
    private static final String HEARTBEAT = "rebuildingAt";
    /** The fields of a document in the earlier layout: its events, their ids and their fold. */
    static final String EVENTS = "events";
    static final List<String> EARLIER_LAYOUT = List.of("eventIds", EVENTS, "fact");
    /**
     * The change each lead's last write brought to the aggregates, by partition ({@link Accounting}); named with the
     * aggregates' version, whose logs judge it.
     */
    static final String PENDING = "pending_v" + AggregateStore.VERSION;
    /** What the earlier versions named it: {@code pending} first. Removed from a lead when it is written next. */
    private static final String EARLIER_PENDING = "pending";
    private static final int MAX_ATTEMPTS = 20;
    /** Documents per reply when reading a whole generation. */
    static final int HISTORY_BATCH = 1000;

    /**
     * The outcome, the lead's fact before and after (null unless applied), and the document version written (0 when
     * none).
     */
    public record Applied(LeadRecord.Outcome outcome, LeadFact before, LeadFact after, long version) {
    }

    private final MongoDatabase database;
    private final OptimisticWrite write;

    public FactRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
                          LeadLocks locks) {
        this.database = client.getDatabase(database);
        // retried at once: a lost race means another event of the lead just landed
        this.write = new OptimisticWrite(locks, MAX_ATTEMPTS, lostRaces -> { }, ConcurrentFactUpdateException::new);
    }

    /** Throws a {@code MongoException} unless the database answers (within the server-selection timeout). */
    public void ping() {
        database.runCommand(new Document("ping", 1));
    }

    /**
     * The generation queries read and consumers write, and the one a rebuild is filling, if any.
     *
     * @param rebuilding null when no rebuild runs
     * @param heartbeat  when the rebuild's replay last wrote; null when no rebuild runs
     */
    public record Generations(String active, String rebuilding, Instant heartbeat) {
    }

    public Generations generations() {
        Document pointer = database.getCollection(META).find(Filters.eq("_id", POINTER)).first();
        if (pointer == null) {
            return new Generations(FIRST_GENERATION, null, null);
        }
        Date heartbeat = pointer.getDate(HEARTBEAT);
        return new Generations(pointer.getString("generation"), pointer.getString(REBUILDING),
                heartbeat == null ? null : heartbeat.toInstant());
    }

    /** The generation queries read and the live consumer writes. */
    public String activeGeneration() {
        return generations().active();
    }

    /**
     * Names {@code generation} as the one a rebuild fills: every instance's consumers write to it too from their next
     * poll. An unfinished rebuild named before is replaced (it fails at its next heartbeat or its switch).
     *
     * @return the generation named before, null when none
     */
    public String startRebuilding(String generation, Instant now) {
        Document before = database.getCollection(META).findOneAndUpdate(Filters.eq("_id", POINTER),
                Updates.combine(Updates.set(REBUILDING, generation), Updates.set(HEARTBEAT, Date.from(now)),
                        Updates.setOnInsert("generation", FIRST_GENERATION)),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
        return before == null ? null : before.getString(REBUILDING);
    }

    /** The rebuild of {@code generation} is still writing; false when it is no longer the one being rebuilt. */
    public boolean heartbeat(String generation, Instant now) {
        return database.getCollection(META).updateOne(Filters.and(Filters.eq("_id", POINTER),
                Filters.eq(REBUILDING, generation)), Updates.set(HEARTBEAT, Date.from(now))).getMatchedCount() == 1;
    }

    /** Makes the rebuilt {@code generation} the active one; false when it is no longer the one being rebuilt. */
    public boolean activate(String generation) {
        return database.getCollection(META).updateOne(Filters.and(Filters.eq("_id", POINTER),
                Filters.eq(REBUILDING, generation)), Updates.combine(Updates.set("generation", generation),
                Updates.unset(REBUILDING), Updates.unset(HEARTBEAT))).getMatchedCount() == 1;
    }

    /** No rebuild fills {@code generation} any more (unless another rebuild took over, which stays). */
    public void stopRebuilding(String generation) {
        database.getCollection(META).updateOne(Filters.and(Filters.eq("_id", POINTER),
                Filters.eq(REBUILDING, generation)), Updates.combine(Updates.unset(REBUILDING),
                Updates.unset(HEARTBEAT)));
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
    public record LeadApplied(List<LeadRecord.Outcome> outcomes, Applied change, String refusal,
                              Counters aggregated) {

        LeadApplied(List<LeadRecord.Outcome> outcomes, Applied change, String refusal) {
            this(outcomes, change, refusal, Counters.empty());
        }
    }

    /**
     * How a poll's changes reach the aggregates: each lead's partition, and that partition's log as claimed before the
     * poll was read. Each changed lead's document carries its change ({@code pending.<partition>}: epoch, the sequence
     * the poll's append will take, counters) until that append is made; a lead whose carried change the log does not
     * hold yet has it counted again, so a poll applied again after a failed append loses nothing.
     */
    public record Accounting(Map<String, String> partitionOf, Map<String, AggregateStore.Log> logs) {

        AggregateStore.Log logOf(String leadId) {
            return logs.get(partitionOf.get(leadId));
        }
    }

    /** Adds an event to its lead's document unless it is already there; {@link #applyPoll} with one event. */
    public Applied apply(String generation, FunnelEvent event) {
        LeadApplied lead = applyPoll(generation, Map.of(event.leadId(), List.of(event)), null).get(event.leadId());
        if (lead.refusal() != null) {
            throw new IllegalStateException(lead.refusal());
        }
        LeadRecord.Outcome outcome = lead.outcomes().get(0);
        return outcome == LeadRecord.Outcome.APPLIED ? lead.change() : new Applied(outcome, null, null, 0);
    }

    /**
     * Takes many leads' events into their records: the documents read with one {@code _id $in} query (a document still
     * in the earlier layout read again with its events), the events applied in memory ({@link PollRecord}) and every
     * changed record written with one unordered bulk write guarded by the version read ({@link VersionedBulkWrite}). A
     * lead another writer changed in between is read, applied and written again, alone, holding its lock
     * ({@link LeadLocks}); applying an event twice changes nothing.
     *
     * @param byLead     each lead's events, in the order they were read
     * @param accounting where the changes go; null for a generation whose aggregates are made from its stored leads
     *                   once filled (a rebuild's)
     * @return each lead's outcome, in the order given, with the change it brings to the aggregates
     */
    public Map<String, LeadApplied> applyPoll(String generation, Map<String, List<FunnelEvent>> byLead,
                                              Accounting accounting) {
        MongoCollection<Document> leads = database.getCollection(generation);
        Map<String, LeadApplied> done = new LinkedHashMap<>();
        List<String> kept = new ArrayList<>();
        byLead.forEach((leadId, events) -> {
            if (events.stream().anyMatch(LeadRecord::isKept)) {
                kept.add(leadId);
            } else {
                done.put(leadId, new LeadApplied(events.stream().map(e -> LeadRecord.Outcome.IGNORED).toList(),
                        null, null));
            }
        });
        write.writeEach(kept, "a batch of " + kept.size() + " leads", pending -> {
            Map<String, Document> docs = read(leads, pending, false);
            List<String> earlierLayout = new ArrayList<>();
            docs.forEach((leadId, doc) -> {
                if (!doc.containsKey(RecordDocument.FIELD)) {
                    earlierLayout.add(leadId);
                }
            });
            if (!earlierLayout.isEmpty()) {
                docs.putAll(read(leads, earlierLayout, true));
            }
            Map<String, PollRecord> records = new LinkedHashMap<>();
            Map<String, Counters> aggregated = new HashMap<>();
            Set<String> carried = new HashSet<>();
            for (String leadId : pending) {
                Document doc = docs.get(leadId);
                PollRecord record = PollRecord.of(leadId, doc, byLead.get(leadId));
                records.put(leadId, record);
                if (accounting != null) {
                    AggregateStore.Log log = accounting.logOf(leadId);
                    // a lead without a document yet contributed nothing so far
                    Counters change = record.changed() ? Contributions.change(doc == null ? null : record.before(),
                            record.after().fact()) : Counters.empty();
                    Document unlogged = unlogged(doc, log);
                    if (unlogged != null) {
                        change.add(Counters.fromStored(unlogged.get("c")), 1);
                        // carried for another append than this poll's: the lead must carry it for this one now
                        if (!log.epoch().equals(unlogged.getString("epoch"))
                                || unlogged.get("seq", Number.class).longValue() != log.sequence() + 1) {
                            carried.add(leadId);
                        }
                    }
                    aggregated.put(leadId, change);
                }
            }
            List<VersionedBulkWrite.Write> writes = new ArrayList<>();
            records.forEach((leadId, record) -> {
                if (record.changed() || carried.contains(leadId)) {
                    Document doc = docs.get(leadId);
                    long version = doc == null ? 0 : doc.get("version", Number.class).longValue();
                    List<Bson> updates = new ArrayList<>();
                    if (record.changed()) {
                        updates.add(Updates.set(RecordDocument.FIELD, RecordDocument.encode(record.after())));
                    }
                    updates.add(Updates.set("version", version + 1));
                    if (doc != null && !doc.containsKey(RecordDocument.FIELD)) {
                        EARLIER_LAYOUT.forEach(field -> updates.add(Updates.unset(field)));
                    }
                    if (doc != null) {
                        earlierPending(doc).forEach(field -> updates.add(Updates.unset(field)));
                    }
                    if (accounting != null) {
                        AggregateStore.Log log = accounting.logOf(leadId);
                        updates.add(Updates.set(PENDING + "." + AggregateStore.field(log.partition()),
                                new Document("epoch", log.epoch()).append("seq", log.sequence() + 1)
                                        .append("c", aggregated.get(leadId).stored())));
                    }
                    writes.add(new VersionedBulkWrite.Write(leadId, version, Updates.combine(updates)));
                }
            });
            VersionedBulkWrite.Result result = VersionedBulkWrite.write(leads, "version", writes);
            for (VersionedBulkWrite.Write written : writes) {
                String leadId = written.id();
                PollRecord record = records.get(leadId);
                if (result.written().contains(leadId)) {
                    done.put(leadId, new LeadApplied(record.outcomes(), record.changed()
                            ? new Applied(LeadRecord.Outcome.APPLIED, record.before(), record.after().fact(),
                            written.writtenVersion()) : null, null, aggregated.getOrDefault(leadId, Counters.empty())));
                } else if (result.refused().containsKey(leadId)) {
                    done.put(leadId, new LeadApplied(record.outcomes(), null, "the store refused the facts of lead "
                            + leadId + " (error " + result.refused().get(leadId).getCode() + ")"));
                }
            }
            records.forEach((leadId, record) -> {
                if (!record.changed() && !carried.contains(leadId)) {
                    done.put(leadId, new LeadApplied(record.outcomes(), null, null,
                            aggregated.getOrDefault(leadId, Counters.empty())));
                }
            });
            return result.conflicted();
        });
        Map<String, LeadApplied> ordered = new LinkedHashMap<>();
        byLead.keySet().forEach(leadId -> ordered.put(leadId, done.get(leadId)));
        return ordered;
    }

    /**
     * The change a lead's document carries for the partition's log that the log does not hold yet: written with the
     * lead by a poll whose append did not happen.
     *
     * @throws AggregateStore.UnknownEpochException when the change comes from an epoch {@code log} does not know
     */
    private static Document unlogged(Document doc, AggregateStore.Log log) {
        Document carried = doc == null ? null : doc.get(PENDING, Document.class);
        Document change = carried == null ? null : carried.get(AggregateStore.field(log.partition()), Document.class);
        if (change == null) {
            return null;
        }
        return switch (log.judge(change.getString("epoch"), change.get("seq", Number.class).longValue())) {
            case HELD -> null;
            case MISSING -> change;
            case UNKNOWN -> throw new AggregateStore.UnknownEpochException(log.partition());
        };
    }

    /** The fields in which a document carries a change for the logs of an earlier version of the aggregates. */
    private static List<String> earlierPending(Document doc) {
        return doc.keySet().stream().filter(field -> field.startsWith(EARLIER_PENDING) && !field.equals(PENDING))
                .toList();
    }

    /** The documents of {@code ids}; without the fields of the earlier layout unless {@code earlierLayout}. */
    private static Map<String, Document> read(MongoCollection<Document> leads, Collection<String> ids,
                                              boolean earlierLayout) {
        Map<String, Document> docs = new HashMap<>();
        var found = leads.find(Filters.in("_id", ids));
        if (!earlierLayout) {
            found = found.projection(Projections.exclude(EARLIER_LAYOUT));
        }
        for (Document doc : found) {
            docs.put(doc.getString("_id"), doc);
        }
        return docs;
    }

    /** A lead's fact with the version of its document. */
    public record Stored(LeadFact fact, long version) {
    }

    /** A lead's fact and document version in a generation. */
    public Optional<Stored> stored(String generation, String leadId) {
        return Optional.ofNullable(database.getCollection(generation).find(Filters.eq("_id", leadId)).first())
                .map(doc -> new Stored(record(doc).fact(), doc.get("version", Number.class).longValue()));
    }

    /** Every lead's fact in a generation, one at a time (none is kept). */
    public void forEachFact(String generation, Consumer<LeadFact> each) {
        // batches of a bounded size: the local engine otherwise answers the first batch with every document in one
        // reply, which the driver refuses beyond 48 MB (about 50,000 leads); MongoDB caps batches at 16 MB itself
        for (Document doc : database.getCollection(generation).find().batchSize(HISTORY_BATCH)) {
            each.accept(record(doc).fact());
        }
    }

    /**
     * Every stored lead's contribution to the aggregates as {@code logs} hold it: its fact's, less each change it
     * carries that its partition's log does not hold (a poll wrote the lead and failed before its append; applied
     * again, it counts that change from the lead). One lead at a time, none kept.
     *
     * @param logs each partition's log, as read just before
     */
    public void forEachContribution(String generation, Map<String, AggregateStore.Log> logs, Consumer<Counters> each) {
        Map<String, AggregateStore.Log> byField = new HashMap<>();
        logs.forEach((partition, log) -> byField.put(AggregateStore.field(partition), log));
        for (Document doc : database.getCollection(generation).find().batchSize(HISTORY_BATCH)) {
            Counters contribution = Contributions.of(record(doc).fact());
            doc.get(PENDING, new Document()).forEach((field, carried) -> {
                Document change = (Document) carried;
                AggregateStore.Log log = byField.get(field);
                if (log == null || log.judge(change.getString("epoch"), change.get("seq", Number.class).longValue())
                        != AggregateStore.Log.Carried.HELD) {
                    contribution.add(Counters.fromStored(change.get("c")), -1);
                }
            });
            each.accept(contribution);
        }
    }

    public Optional<LeadRecord> record(String generation, String leadId) {
        return Optional.ofNullable(database.getCollection(generation).find(Filters.eq("_id", leadId)).first())
                .map(FactRepository::record);
    }

    /** The record of a document; one in the earlier layout is made from its events. */
    static LeadRecord record(Document doc) {
        String leadId = doc.getString("_id");
        Document record = doc.get(RecordDocument.FIELD, Document.class);
        if (record != null) {
            return RecordDocument.decode(leadId, record);
        }
        LeadRecord fromEvents = new LeadRecord(leadId);
        for (String json : doc.getList(EVENTS, String.class, List.of())) {
            fromEvents.apply(FunnelJson.read(json));
        }
        return fromEvents;
    }
}
