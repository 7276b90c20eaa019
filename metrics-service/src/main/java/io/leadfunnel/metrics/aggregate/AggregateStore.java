package io.leadfunnel.metrics.aggregate;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoNamespace;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.result.UpdateResult;
import io.leadfunnel.runtime.store.ConcurrentUpdateException;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The aggregates of a generation, kept exactly once without multi-document transactions.
 *
 * <p><b>Partition logs</b> ({@code <generation>_log_v7}, one document per consumed topic partition): each poll of a
 * partition appends the change it made to the aggregates as one entry, numbered by the log's sequence, in one
 * document write that names the sequence it read ({@link #append}). A consumer first <em>claims</em> the log with an
 * epoch of its own ({@link #claim}); a claim freezes the sequence the previous epoch reached, and an append names the
 * epoch too, so an instance that lost the partition to another cannot append any more. The leads' documents carry the
 * change of their own last write with the epoch and sequence it is meant for ({@link Log#judge}), so a poll whose
 * append failed, applied again, finds its leads already changed and takes their change from them (see
 * {@code FactRepository}).
 *
 * <p><b>Aggregate documents</b> ({@code <generation>_aggregates_v7}): {@code c} the counters, {@code wm} for each
 * partition the last log entry folded in. {@link #fold} adds a partition's entries to the documents they change, each
 * addition guarded by that watermark, so folding again adds nothing; an entry leaves the log once every document it
 * changes holds it. {@link #read} adds to the documents the entries they do not hold yet, so a reader sees every
 * appended poll whether folded or not. The {@code established} document holds the watermarks the aggregates started
 * from ({@link #establish}): a document created later starts from them.
 */
@ApplicationScoped
public class AggregateStore {

    /**
     * The version of what the aggregates count ({@link Contributions}), in their collections' names: a version that
     * counts something new starts with empty collections and is established from the stored leads, since changes
     * counted under the earlier definition would not add up to it. 1: the all-time totals; 2: with conversion's daily
     * counts; 3: with the closures and the leads now (revenue); 4: velocity's bins; 5: drop-off's and SLA's daily
     * counts and the open leads; 6: the open leads listed per day and stage; 7: a day's due instants in one document;
     * 8: the change a lead carries for the logs is named with the version (a change carried for the logs of an earlier
     * version was taken as one of this version's logs, from an epoch they do not know, and the poll never applied);
     * 9: the lists that name leads one by one (open leads, due instants) in shards by lead id ({@link LeadLists}).
     */
    public static final int VERSION = 9;
    /** The suffix of a generation's partition logs' collection. */
    public static final String LOG = "_log_v" + VERSION;
    static final String AGGREGATES = "_aggregates_v" + VERSION;
    /** The name of a collection where aggregates are established continues the aggregates' with this. */
    private static final String STAGING = "_establishing_";
    /** Counters summed in memory at most before they are written, while establishing. */
    static final int ESTABLISHING_CHUNK = 50_000;
    /**
     * Counters decoded from the logs at most per pass of a fold. A pass holds them decoded, their sums per document,
     * one update per counter summed and the driver's buffers for that write: with 400,000 a rebuild of 20,000 leads
     * ran out of a 128 MiB heap, with 100,000 it did not (deploy/bench, 2026-12-07).
     */
    static final int FOLD_COUNTERS = 100_000;
    /**
     * Entries a fold pass reads at most per log ({@code $slice}): a log that grew far beyond a pass is taken a slice per
     * pass, not read whole in every pass.
     */
    static final int FOLD_SLICE = 32;
    /** Passes of one fold at most; what is left waits for the next fold (readers add it meanwhile). */
    private static final int FOLD_PASSES = 20;
    private static final int NAMESPACE_EXISTS = 48;
    /** The collections of every earlier version (unversioned at first, then {@code _v2} on), dropped with these. */
    private static final List<String> EARLIER = Stream.concat(Stream.of("_log", "_aggregates"),
            IntStream.range(2, VERSION).boxed().flatMap(v -> Stream.of("_log_v" + v, "_aggregates_v" + v))).toList();
    static final String ESTABLISHED = "established";
    /**
     * The incarnation of a generation's aggregates, in its {@code established} document: set anew each time they are
     * established, so documents held from an earlier incarnation under the same name are not taken for current ones.
     */
    static final String SINCE = "since";
    /** Counters held at most of documents read before ({@link HeldDocuments}). */
    static final int HELD_COUNTERS = 200_000;
    private static final int READ_ATTEMPTS = 5;
    /** Frozen sequences kept per log: a lead's change from an epoch older than these has long been appended. */
    static final int EPOCHS_KEPT = 100;
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /**
     * A partition's log as a consumer claimed it, or as its last append left it.
     *
     * @param epoch    the consumer's epoch, current in the log when read
     * @param sequence the number of polls appended so far
     * @param frozen   the sequence each earlier epoch reached before another claimed the log (the latest
     *                 {@link #EPOCHS_KEPT})
     * @param claimed  whether this view was just read by a claim, rather than carried on from an append
     */
    public record Log(String partition, String epoch, long sequence, Map<String, Long> frozen, boolean claimed) {

        /** Whether the log holds a change a lead carries. */
        public enum Carried {
            /** Appended already: the change counts from the log. */
            HELD,
            /** Not appended: the poll that wrote it failed before its append; it counts from the lead. */
            MISSING,
            /** From an epoch this view does not know (claimed since the view was carried on): read the log again. */
            UNKNOWN
        }

        /**
         * Judges the change a lead carries, written for {@code changeSequence} in {@code changeEpoch}. Right for this
         * consumer's epoch and the frozen ones even when another consumer claimed the log since (a claim freezes this
         * epoch at the sequence it reached). Epochs are numbered by claim: an epoch this view does not know is newer
         * than the view ({@code UNKNOWN}: read the log again) unless its number is below every epoch the view knows;
         * then it is older than the epochs kept, its appends ended long ago, and the change is taken as held. An
         * epoch of before the numbering (number 0) is judged so only by a view just read by a claim.
         */
        public Carried judge(String changeEpoch, long changeSequence) {
            Long reached = epoch.equals(changeEpoch) ? Long.valueOf(sequence) : frozen.get(changeEpoch);
            if (reached == null) {
                long number = number(changeEpoch);
                long oldestKnown = frozen.keySet().stream().mapToLong(AggregateStore::number)
                        .reduce(number(epoch), Math::min);
                return number < oldestKnown || number == 0 && claimed ? Carried.HELD : Carried.UNKNOWN;
            }
            return changeSequence <= reached ? Carried.HELD : Carried.MISSING;
        }

        /** This view kept for later polls: no longer just read. */
        public Log carriedOn() {
            return claimed ? new Log(partition, epoch, sequence, frozen, false) : this;
        }

        /** The log after this consumer appended to it. */
        public Log appended() {
            return new Log(partition, epoch, sequence + 1, frozen, false);
        }
    }

    /** The partition was appended to or claimed by another consumer since its log was read. */
    public static final class LogFencedException extends ConcurrentUpdateException {
        public LogFencedException(String message) {
            super(message);
        }
    }

    /** A lead carries a change from an epoch the consumer's view of the log does not know: read the log again. */
    public static final class UnknownEpochException extends ConcurrentUpdateException {
        public UnknownEpochException(String partition) {
            super("a lead of " + partition + " carries a change from an epoch this view of its log does not know");
        }
    }

    private final MongoDatabase database;
    private final HeldDocuments held = new HeldDocuments(HELD_COUNTERS);

    public AggregateStore(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.database = client.getDatabase(database);
    }

    private MongoCollection<Document> logs(String generation) {
        return database.getCollection(generation + LOG);
    }

    private MongoCollection<Document> aggregates(String generation) {
        return database.getCollection(generation + AGGREGATES);
    }

    /** A partition's name as a field name: {@code lead.events-3} → {@code lead%2Eevents-3}. */
    public static String field(String partition) {
        return Counters.name(partition);
    }

    /**
     * The partition's log, claimed for {@code epoch} unless that is its epoch already; a claim with a new epoch when
     * {@code epoch} is null or the log has moved to another one.
     */
    public Log claim(String generation, String partition, String epoch) {
        MongoCollection<Document> logs = logs(generation);
        while (true) {
            Document log = logs.find(Filters.eq("_id", partition)).projection(Projections.exclude("entries")).first();
            if (log == null) {
                String mine = newEpoch(1);
                try {
                    logs.insertOne(new Document("_id", partition).append("epoch", mine).append("seq", 0L)
                            .append("entries", List.of()).append("frozen", new Document()));
                    return new Log(partition, mine, 0, Map.of(), true);
                } catch (MongoWriteException e) {
                    if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                        throw e;
                    }
                    continue;
                }
            }
            String current = log.getString("epoch");
            long sequence = log.get("seq", Number.class).longValue();
            Map<String, Long> frozen = new HashMap<>();
            log.get("frozen", new Document()).forEach((e, seq) -> frozen.put(e, ((Number) seq).longValue()));
            if (current.equals(epoch)) {
                return new Log(partition, current, sequence, frozen, true);
            }
            String mine = newEpoch(number(current) + 1);
            frozen.put(current, sequence);
            Document kept = new Document();
            // the latest claims: an epoch missing from the view is then older than every one kept (Log.judge)
            Comparator<Map.Entry<String, Long>> byClaim = Comparator.comparingLong(e -> number(e.getKey()));
            frozen.entrySet().stream().sorted(byClaim.thenComparing(Map.Entry::getValue).reversed())
                    .limit(EPOCHS_KEPT).forEach(e -> kept.append(e.getKey(), e.getValue()));
            UpdateResult claimed = logs.updateOne(Filters.and(Filters.eq("_id", partition),
                    Filters.eq("epoch", current), Filters.eq("seq", sequence)),
                    Updates.combine(Updates.set("epoch", mine), Updates.set("frozen", kept)));
            if (claimed.getMatchedCount() > 0) {
                Map<String, Long> keptMap = new HashMap<>();
                kept.forEach((e, seq) -> keptMap.put(e, (Long) seq));
                return new Log(partition, mine, sequence, keptMap, true);
            }
        }
    }

    /** An epoch: the claim's number, then a random part that no other consumer's claim of that number shares. */
    private static String newEpoch(long number) {
        return number + "-" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
    }

    /** The claim number of an epoch; 0 for one of before the numbering. */
    static long number(String epoch) {
        int dash = epoch.indexOf('-');
        if (dash <= 0) {
            return 0;
        }
        try {
            return Long.parseLong(epoch, 0, dash, 10);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A poll's change for one partition's log, and the highest offset of that partition in the poll. */
    public record Append(Log log, long offset, Counters change) {
    }

    /**
     * Appends a poll's change to each of its partitions' logs as entry {@code log.sequence() + 1}, with the offset
     * the poll reached: one bulk write, each update naming the epoch and sequence of the consumer's view.
     *
     * @throws LogFencedException when a log is no longer at that epoch and sequence: another consumer appended to or
     *                            claimed it meanwhile (the other logs may have taken their entry; applying the poll
     *                            again counts nothing twice)
     */
    public void append(String generation, List<Append> appends) {
        List<UpdateOneModel<Document>> updates = new ArrayList<>();
        for (Append append : appends) {
            Log log = append.log();
            long next = log.sequence() + 1;
            List<Bson> changes = new ArrayList<>(List.of(Updates.set("seq", next),
                    Updates.set("offset", append.offset())));
            if (!append.change().isEmpty()) {
                changes.add(Updates.push("entries", new Document("seq", next).append("c", append.change().stored())));
            }
            updates.add(new UpdateOneModel<>(Filters.and(Filters.eq("_id", log.partition()),
                    Filters.eq("epoch", log.epoch()), Filters.eq("seq", log.sequence())), Updates.combine(changes)));
        }
        if (updates.isEmpty()) {
            return;
        }
        BulkWriteResult result = logs(generation).bulkWrite(updates, new BulkWriteOptions().ordered(false));
        if (result.getMatchedCount() < updates.size()) {
            throw new LogFencedException("the aggregate logs of " + appends.stream().map(a -> a.log().partition())
                    .toList() + " moved on or were claimed meanwhile: another consumer took a partition");
        }
    }

    /** Appends to one partition's log ({@link #append(String, List)}). */
    public void append(String generation, Log log, long offset, Counters change) {
        append(generation, List.of(new Append(log, offset, change)));
    }

    /** Folds one partition's log ({@link #fold(String, Collection)}). */
    public int fold(String generation, String partition) {
        return fold(generation, List.of(partition));
    }

    /**
     * Folds the given partitions' logged entries into the aggregate documents and removes them from the logs: each
     * document changed by any of them takes the sum of the entries it does not hold yet, from every partition, in one
     * update. Nothing is folded before the generation's aggregates are established; the entries wait in the logs.
     *
     * <p>The documents' watermarks are read first, and each update is guarded by exactly the watermarks it read, so an
     * update that another fold overtook (or a document another created meanwhile) changes nothing: the entries then stay
     * in their logs, readers keep adding them, and the next fold takes them (by their watermarks, once). One update per
     * document and fold, whatever the number of partitions whose polls changed it: the documents every poll changes
     * (the totals, the calendar, today's counts) were updated once per partition before, each update making the local
     * engine copy, compare and store the whole document again.
     *
     * @return the number of entries removed from the logs
     */
    public int fold(String generation, Collection<String> partitions) {
        int removed = 0;
        for (int pass = 0; pass < FOLD_PASSES; pass++) {
            FoldPass done = foldPass(generation, partitions);
            removed += done.removed();
            if (!done.more() || done.removed() == 0) {
                break;
            }
        }
        return removed;
    }

    /** What one pass of a fold removed from the logs, and whether it left entries for lack of room. */
    private record FoldPass(int removed, boolean more) {
    }

    /**
     * One pass of {@link #fold(String, Collection)}: each log's oldest entries, until {@link #FOLD_COUNTERS} counters
     * are decoded (at least one entry), so memory does not grow with what the logs hold: a rebuild's replay appends to
     * its eight logs far faster than the live polls, and holding all of them at once took more than a small heap.
     */
    private FoldPass foldPass(String generation, Collection<String> partitions) {
        Document established = aggregates(generation).find(Filters.eq("_id", ESTABLISHED)).first();
        if (established == null || partitions.isEmpty()) {
            return new FoldPass(0, false);
        }
        // each document's entries not folded yet, per partition: sequence and counters, oldest first
        Map<String, Map<String, List<Map.Entry<Long, Document>>>> byDocument = new TreeMap<>();
        Map<String, Long> lastOfLog = new HashMap<>();
        // each name once: the entries of a pass name the same documents and counters over and over
        Map<String, String> names = new HashMap<>();
        int entries = 0;
        int decoded = 0;
        boolean more = false;
        // one log at a time, its oldest entries only: a log holds every poll since the last fold, and all of them in
        // one reply could exceed a small heap while a rebuild's replay appends fast (one did: the fold ran out of heap,
        // and the logs then grew past a reply's limit, 48 MB); the later entries wait for the next pass
        for (String partition : partitions) {
            if (decoded >= FOLD_COUNTERS) {
                more = true;
                break;
            }
            long startedAt = watermark(established, partition);
            List<Document> slice = oldestEntries(generation, partition);
            more |= slice.size() == FOLD_SLICE;
            for (Document entry : slice) {
                if (decoded >= FOLD_COUNTERS) {
                    more = true;
                    break;
                }
                long seq = entry.get("seq", Number.class).longValue();
                entries++;
                lastOfLog.put(partition, seq);
                if (seq <= startedAt) {
                    continue;
                }
                Document changed = Counters.storedDocuments(entry.get("c"), document -> true, names);
                for (Map.Entry<String, Object> change : changed.entrySet()) {
                    Document counters = (Document) change.getValue();
                    decoded += counters.size();
                    byDocument.computeIfAbsent(change.getKey(), d -> new TreeMap<>())
                            .computeIfAbsent(partition, q -> new ArrayList<>()).add(Map.entry(seq, counters));
                }
            }
        }
        boolean folded = byDocument.isEmpty() || foldInto(generation, byDocument, established);
        if (folded && !lastOfLog.isEmpty()) {
            List<UpdateOneModel<Document>> pulls = new ArrayList<>();
            lastOfLog.forEach((partition, last) -> pulls.add(new UpdateOneModel<>(Filters.eq("_id", partition),
                    Updates.pull("entries", Filters.lte("seq", last)))));
            logs(generation).bulkWrite(pulls, new BulkWriteOptions().ordered(false));
            return new FoldPass(entries, more);
        }
        return new FoldPass(0, more);
    }

    /**
     * A log's oldest entries, {@link #FOLD_SLICE} at most; none when the log does not exist. Always from the first
     * entry: a fold overtaken by another finds fewer entries than it saw, and the local engine fails a slice that
     * skips past the end of the array instead of answering an empty one.
     */
    private List<Document> oldestEntries(String generation, String partition) {
        Document log = logs(generation).find(Filters.eq("_id", partition))
                .projection(Projections.fields(Projections.include("_id"),
                        Projections.slice("entries", FOLD_SLICE))).first();
        return log == null ? List.of() : log.getList("entries", Document.class, List.of());
    }

    /**
     * Adds to each document its entries beyond its watermarks, read just before: one unordered bulk write of guarded
     * updates, and inserts of the documents no entry had created yet (they start from the established watermarks).
     *
     * @return whether every document took its share; false when another fold or insert came first
     */
    private boolean foldInto(String generation, Map<String, Map<String, List<Map.Entry<Long, Document>>>> byDocument,
                             Document established) {
        Map<String, Document> watermarks = new HashMap<>();
        for (Document doc : aggregates(generation).find(Filters.in("_id", byDocument.keySet()))
                .projection(Projections.include("wm"))) {
            Document wm = doc.get("wm", Document.class);
            watermarks.put(doc.getString("_id"), wm == null ? new Document() : wm);
        }
        Document startedFrom = established.get("wm", Document.class);
        List<WriteModel<Document>> writes = new ArrayList<>();
        Map<String, List<String>> lowered = new HashMap<>();
        byDocument.forEach((id, byPartition) -> {
            Document held = watermarks.get(id);
            Map<String, Long> sum = new HashMap<>();
            Map<String, Long> reached = new TreeMap<>();
            List<Bson> guards = new ArrayList<>(List.of(Filters.eq("_id", id)));
            byPartition.forEach((partition, logged) -> {
                String field = field(partition);
                Number holds = held == null ? startedFrom.get(field, Number.class) : held.get(field, Number.class);
                long from = holds == null ? 0 : holds.longValue();
                for (Map.Entry<Long, Document> entry : logged) {
                    if (entry.getKey() > from) {
                        entry.getValue().forEach((counter, n) -> sum.merge(counter, ((Number) n).longValue(),
                                Long::sum));
                        reached.put(field, entry.getKey());
                    }
                }
                if (reached.containsKey(field)) {
                    guards.add(holds == null ? Filters.exists("wm." + field, false) : Filters.eq("wm." + field, from));
                }
            });
            if (reached.isEmpty()) {
                return; // holds every entry already
            }
            if (held == null) {
                Document wm = new Document(startedFrom);
                reached.forEach(wm::append);
                Document counters = new Document();
                sum.forEach((counter, n) -> {
                    if (n != 0) {
                        counters.append(counter, n);
                    }
                });
                writes.add(new InsertOneModel<>(new Document("_id", id).append("wm", wm).append("c", counters)));
                return;
            }
            List<Bson> changes = new ArrayList<>();
            List<String> down = new ArrayList<>();
            sum.forEach((counter, n) -> {
                if (n != 0) {
                    changes.add(Updates.inc("c." + counter, n));
                }
                if (n < 0) {
                    down.add(counter);
                }
            });
            if (!down.isEmpty() && LeadLists.isList(id)) {
                lowered.put(id, down);
            }
            reached.forEach((field, seq) -> changes.add(Updates.set("wm." + field, seq)));
            writes.add(new UpdateOneModel<>(Filters.and(guards), Updates.combine(changes)));
        });
        if (writes.isEmpty()) {
            return true;
        }
        long updates = writes.stream().filter(w -> w instanceof UpdateOneModel).count();
        try {
            BulkWriteResult result = aggregates(generation).bulkWrite(writes, new BulkWriteOptions().ordered(false));
            if (result.getMatchedCount() != updates) {
                return false;
            }
            removeZeros(generation, lowered);
            return true;
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().allMatch(error -> ErrorCategory.fromErrorCode(error.getCode())
                    == ErrorCategory.DUPLICATE_KEY)) {
                return false; // created by another fold meanwhile: taken by the next fold
            }
            throw e;
        }
    }

    /**
     * Removes from each list of leads ({@link LeadLists}) the counters a fold took down, when all of them are at zero
     * now: a lead that moved on would otherwise stay named at zero, and the list grow with every lead that ever entered
     * its stage that day. One update per list, guarded by every one of those counters being zero, so that a counter
     * another fold raised since stays (an absent counter reads as zero, so removing one at zero changes no figure); a
     * list where one of them is not zero keeps them all until a later fold takes it down again.
     */
    private void removeZeros(String generation, Map<String, List<String>> lowered) {
        if (lowered.isEmpty()) {
            return;
        }
        List<UpdateOneModel<Document>> removals = new ArrayList<>();
        lowered.forEach((id, counters) -> {
            List<Bson> zero = new ArrayList<>(List.of(Filters.eq("_id", id)));
            counters.forEach(counter -> zero.add(Filters.eq("c." + counter, 0)));
            removals.add(new UpdateOneModel<>(Filters.and(zero),
                    Updates.combine(counters.stream().map(counter -> Updates.unset("c." + counter)).toList())));
        });
        aggregates(generation).bulkWrite(removals, new BulkWriteOptions().ordered(false));
    }

    private static long watermark(Document aggregate, String partition) {
        return sequence(watermarks(aggregate), partition);
    }

    /** The partition's last entry in a document's watermarks; 0 when there is none. */
    private static long sequence(Document watermarks, String partition) {
        Number seq = watermarks.get(field(partition), Number.class);
        return seq == null ? 0 : seq.longValue();
    }

    /** Whether the generation's aggregates have been established. */
    public boolean established(String generation) {
        return aggregates(generation).find(Filters.eq("_id", ESTABLISHED)).first() != null;
    }

    /** The stored leads' contributions to a generation's aggregates, as its logs hold them. */
    @FunctionalInterface
    public interface StoredContributions {

        /**
         * Calls {@code each} with every stored lead's contribution, less the changes it carries that {@code logs}
         * (each partition's log as establishing read it) do not hold: the poll that wrote such a change counts it
         * when it is applied again.
         */
        void forEach(Map<String, Log> logs, Consumer<Counters> each);
    }

    /** {@link #establish(String, StoredContributions)} for contributions whose leads carry no change. */
    public boolean establish(String generation, Consumer<Consumer<Counters>> contributions) {
        return establish(generation, (logs, each) -> contributions.accept(each));
    }

    /**
     * Starts the generation's aggregates from the sum of {@code contributions}, the stored leads' contributions, taken
     * as holding every entry logged so far (the watermarks are the logs' sequences now). Done once per generation.
     *
     * <p>The sum is built in a collection of its own, {@link #ESTABLISHING_CHUNK} counters at a time (the leads are
     * read one by one, so memory holds one chunk, not the sum), and renamed into place with its {@code established}
     * document last: readers see no aggregates, then all of them. A start that dies halfway leaves its own collection
     * behind, never a half-established generation; when another instance established the generation first, this
     * call's collection is dropped and nothing changes. Exact when no poll is applied to the generation meanwhile: the
     * leads are read while this instance applies none, and the first start on a store without aggregates is best made
     * with one instance.
     *
     * @param contributions calls its argument with each stored lead's contribution
     * @return whether this call established the aggregates
     */
    public boolean establish(String generation, StoredContributions contributions) {
        if (established(generation)) {
            return false;
        }
        Document wm = new Document();
        Map<String, Log> logs = new HashMap<>();
        for (Document log : logs(generation).find().projection(Projections.exclude("entries"))) {
            String partition = log.getString("_id");
            long sequence = log.get("seq", Number.class).longValue();
            wm.append(field(partition), sequence);
            Map<String, Long> frozen = new HashMap<>();
            log.get("frozen", new Document()).forEach((e, seq) -> frozen.put(e, ((Number) seq).longValue()));
            logs.put(partition, new Log(partition, log.getString("epoch"), sequence, frozen, true));
        }
        String staging = generation + AGGREGATES + STAGING + UUID.randomUUID().toString().replace("-", "");
        MongoCollection<Document> building = database.getCollection(staging);
        Counters chunk = Counters.empty();
        contributions.forEach(Map.copyOf(logs), contribution -> {
            chunk.add(contribution, 1);
            if (chunk.size() >= ESTABLISHING_CHUNK) {
                addTo(building, chunk, wm);
                chunk.clear();
            }
        });
        addTo(building, chunk, wm);
        building.insertOne(new Document("_id", ESTABLISHED).append("wm", wm).append(SINCE, newIncarnation()));
        try {
            if (established(generation)) {
                building.drop();
                return false;
            }
            // nothing established is there: a collection the driver or an index made, or left empty
            aggregates(generation).drop();
            building.renameCollection(new MongoNamespace(database.getName(), generation + AGGREGATES));
        } catch (MongoCommandException e) {
            building.drop();
            if (e.getErrorCode() == NAMESPACE_EXISTS) {
                return false;
            }
            throw e;
        }
        dropEarlierVersions(generation);
        return true;
    }

    /** Adds a chunk of the sum to the collection being built: one upsert per document, in one bulk write. */
    private static void addTo(MongoCollection<Document> building, Counters chunk, Document wm) {
        List<UpdateOneModel<Document>> updates = new ArrayList<>();
        for (String id : chunk.documents()) {
            List<Bson> changes = new ArrayList<>();
            chunk.of(id).forEach((counter, n) -> changes.add(Updates.inc("c." + counter, n)));
            changes.add(Updates.setOnInsert("wm", wm));
            updates.add(new UpdateOneModel<>(Filters.eq("_id", id), Updates.combine(changes),
                    new UpdateOptions().upsert(true)));
        }
        if (!updates.isEmpty()) {
            building.bulkWrite(updates, new BulkWriteOptions().ordered(false));
        }
    }

    /**
     * The current counters of the given aggregate documents: each document's counters plus the logged entries it does
     * not hold yet. The logs are read before the documents and their sequences after, and the read made again while
     * an append came in between, so that a poll is seen in every document or in none. The documents are asked for
     * their watermarks first, and only those not held at exactly these watermarks are read whole
     * ({@link HeldDocuments}).
     *
     * @return empty while the generation's aggregates are not established
     */
    public Optional<Counters> read(String generation, Collection<String> ids) {
        for (int attempt = 1; ; attempt++) {
            Map<String, Document> before = logsOf(generation);
            List<String> wanted = new ArrayList<>(ids);
            wanted.add(ESTABLISHED);
            Map<String, Document> marks = new HashMap<>();
            for (Document doc : aggregates(generation).find(Filters.in("_id", wanted))
                    .projection(Projections.include("wm", SINCE))) {
                marks.put(doc.getString("_id"), doc);
            }
            Document established = marks.remove(ESTABLISHED);
            String since = established == null ? null : established.getString(SINCE);
            if (established != null && since == null) {
                since = incarnation(generation);
            }
            Map<String, HeldDocuments.Held> current = new HashMap<>();
            List<String> whole = new ArrayList<>();
            for (Map.Entry<String, Document> mark : marks.entrySet()) {
                HeldDocuments.Held held = since == null ? null
                        : this.held.get(generation, since, mark.getKey(), watermarks(mark.getValue()));
                if (held == null) {
                    whole.add(mark.getKey());
                } else {
                    current.put(mark.getKey(), held);
                }
            }
            if (!whole.isEmpty()) {
                for (Document doc : aggregates(generation).find(Filters.in("_id", whole))) {
                    String id = doc.getString("_id");
                    Map<String, Long> counters = HeldDocuments.counters(doc.get("c", Document.class));
                    current.put(id, since == null ? new HeldDocuments.Held(watermarks(doc), counters)
                            : this.held.put(generation, since, id, watermarks(doc), counters));
                }
            }
            if (!sequencesOf(before).equals(sequencesNow(generation)) && attempt < READ_ATTEMPTS) {
                continue;
            }
            if (established == null) {
                return Optional.empty();
            }
            // each log entry's change decoded once, only the asked documents: entry sequence and change, per partition
            Set<String> asked = new HashSet<>(ids);
            Map<String, List<Map.Entry<Long, Document>>> entries = new HashMap<>();
            before.forEach((partition, log) -> {
                List<Map.Entry<Long, Document>> decoded = new ArrayList<>();
                for (Document entry : log.getList("entries", Document.class, List.of())) {
                    decoded.add(Map.entry(entry.get("seq", Number.class).longValue(),
                            Counters.storedDocuments(entry.get("c"), asked::contains)));
                }
                entries.put(partition, decoded);
            });
            Counters counters = Counters.empty();
            Document startedFrom = watermarks(established);
            for (String id : ids) {
                HeldDocuments.Held doc = current.get(id);
                if (doc != null) {
                    counters.adopt(id, doc.counters());
                }
                Document holding = doc == null ? startedFrom : doc.watermarks();
                entries.forEach((partition, logged) -> {
                    long holds = sequence(holding, partition);
                    for (Map.Entry<Long, Document> entry : logged) {
                        Document change = entry.getValue().get(id, Document.class);
                        if (change != null && entry.getKey() > holds) {
                            change.forEach((counter, n) -> counters.add(id, counter, ((Number) n).longValue()));
                        }
                    }
                });
            }
            return Optional.of(counters);
        }
    }

    /** An aggregate document's watermarks; empty when it has none. */
    private static Document watermarks(Document aggregate) {
        Document wm = aggregate.get("wm", Document.class);
        return wm == null ? new Document() : wm;
    }

    /**
     * The incarnation of a generation established before incarnations were recorded: one is given to it now, once
     * (the first writer wins), and read back.
     */
    private String incarnation(String generation) {
        aggregates(generation).updateOne(Filters.and(Filters.eq("_id", ESTABLISHED), Filters.exists(SINCE, false)),
                Updates.set(SINCE, newIncarnation()));
        Document established = aggregates(generation).find(Filters.eq("_id", ESTABLISHED))
                .projection(Projections.include(SINCE)).first();
        return established == null ? null : established.getString(SINCE);
    }

    private static String newIncarnation() {
        return UUID.randomUUID().toString();
    }

    private Map<String, Document> logsOf(String generation) {
        Map<String, Document> logs = new LinkedHashMap<>();
        for (Document log : logs(generation).find()) {
            logs.put(log.getString("_id"), log);
        }
        return logs;
    }

    /** Each log's sequence now, without its entries. */
    private Map<String, Long> sequencesNow(String generation) {
        Map<String, Long> sequences = new HashMap<>();
        for (Document log : logs(generation).find().projection(Projections.include("seq"))) {
            sequences.put(log.getString("_id"), log.get("seq", Number.class).longValue());
        }
        return sequences;
    }

    private static Map<String, Long> sequencesOf(Map<String, Document> logs) {
        Map<String, Long> sequences = new HashMap<>();
        logs.forEach((p, log) -> sequences.put(p, log.get("seq", Number.class).longValue()));
        return sequences;
    }

    /** Drops the generation's logs and aggregates, of this version and the earlier ones, and any left half-built. */
    public void drop(String generation) {
        held.forget(generation);
        logs(generation).drop();
        aggregates(generation).drop();
        dropEarlierVersions(generation);
        for (String name : database.listCollectionNames()) {
            if (name.startsWith(generation + AGGREGATES + STAGING)) {
                database.getCollection(name).drop();
            }
        }
    }

    private void dropEarlierVersions(String generation) {
        EARLIER.forEach(suffix -> database.getCollection(generation + suffix).drop());
    }
}
