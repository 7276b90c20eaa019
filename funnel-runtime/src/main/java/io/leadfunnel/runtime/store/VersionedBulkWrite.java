package io.leadfunnel.runtime.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes many leads' documents in one unordered bulk write, each guarded by the version it was read at, and tells
 * which leads lost the race to another writer. Every write is an update filtered on {@code _id} and the version read
 * (0 for a document not stored yet), sent as an upsert. A new document is created by the upsert; when another writer
 * created it first, or moved the version on, the filter matches nothing and the upsert's insert collides with the
 * stored {@code _id}: a duplicate-key error the server reports with the index of that write. So every lost race is
 * named per lead (the counts of a bulk write, {@code matchedCount}, could only say how many lost), and inserts and
 * updates go in one command, one round trip. The update must set every field of the document, the version it stores
 * ({@code readVersion + 1}) included, so an upsert creates the whole document; stored versions start at 1.
 *
 * <p>A write of only the fields that changed ({@link Write#changes}, see {@link FieldChanges}) is sent without upsert:
 * as an upsert, a document deleted meanwhile would be created with those fields alone. Whether it lost its race is not
 * in the reply: each such write also sets {@code writeToken} to a random number of its own, and when the bulk matched
 * fewer of these writes than were sent, one {@code _id $in} read of their tokens tells which were applied (the document
 * holds the write's token) and which lost (moved on, or gone: the caller reads it again, and a lead no longer stored is
 * then created whole). The version alone could not tell: another writer's write may have brought the document to the
 * very version this one would have. A write counted as lost because yet another writer wrote over it in between is
 * applied again to what that writer left, as any lost race.
 *
 * <p>A write the server refuses for another reason (a document too large, a validation) is reported per lead too, so
 * the caller can set that lead's records aside as poison and keep the rest.
 */
public final class VersionedBulkWrite {

    /**
     * One lead's write.
     *
     * @param readVersion the version read, 0 for a document not stored yet
     * @param update      sets the whole document, or (not {@code whole}) what changed, and the version at
     *                    {@code readVersion + 1}
     * @param whole       whether {@code update} sets every field, so that as an upsert it creates the document
     */
    public record Write(String id, long readVersion, Bson update, boolean whole) {

        /** A write that sets the whole document (created by the upsert when not stored yet). */
        public Write(String id, long readVersion, Bson update) {
            this(id, readVersion, update, true);
        }

        /** A write of what changed in a document stored at {@code readVersion} (at least 1). */
        public static Write changes(String id, long readVersion, Bson update) {
            if (readVersion < 1) {
                throw new IllegalArgumentException("a document not stored yet is written whole, lead " + id);
            }
            return new Write(id, readVersion, update, false);
        }

        /** The version the document has once this write is applied. */
        public long writtenVersion() {
            return readVersion + 1;
        }
    }

    /**
     * What became of the writes.
     *
     * @param written    leads whose write was applied
     * @param conflicted leads another writer wrote first (read again, apply again, write again)
     * @param refused    leads whose write the store refused for good, with the server's error
     */
    public record Result(Set<String> written, Set<String> conflicted, Map<String, BulkWriteError> refused) {
    }

    /** The field a write of changed fields sets to its own random number, to tell afterwards whether it was applied. */
    public static final String WRITE_TOKEN = "writeToken";

    private VersionedBulkWrite() {
    }

    /** One round trip for all {@code writes} (at most one per lead); nothing is sent when there are none. */
    public static <T> Result write(MongoCollection<T> collection, String versionField, List<Write> writes) {
        Set<String> written = new LinkedHashSet<>();
        Set<String> conflicted = new LinkedHashSet<>();
        Map<String, BulkWriteError> refused = new LinkedHashMap<>();
        if (writes.isEmpty()) {
            return new Result(written, conflicted, refused);
        }
        List<WriteModel<T>> models = new ArrayList<>(writes.size());
        Map<String, Long> tokens = new HashMap<>();
        writes.stream().filter(write -> !write.whole())
                .forEach(write -> tokens.put(write.id(), ThreadLocalRandom.current().nextLong()));
        for (Write write : writes) {
            // _id and version as $and, as every versioned write of the services (see OutboxClearing)
            Bson update = write.whole() ? write.update()
                    : Updates.combine(write.update(), Updates.set(WRITE_TOKEN, tokens.get(write.id())));
            models.add(new UpdateOneModel<>(
                    Filters.and(Filters.eq("_id", write.id()), Filters.eq(versionField, write.readVersion())),
                    update, new UpdateOptions().upsert(write.whole())));
        }
        List<BulkWriteError> errors = List.of();
        BulkWriteResult reply;
        try {
            reply = collection.bulkWrite(models, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                // applied, or not, nobody can tell: a transient failure, the whole poll is tried again
                throw e;
            }
            errors = e.getWriteErrors();
            reply = e.getWriteResult();
        }
        Map<Integer, BulkWriteError> byIndex = new LinkedHashMap<>();
        errors.forEach(error -> byIndex.put(error.getIndex(), error));
        Set<Integer> upserted = new HashSet<>();
        reply.getUpserts().forEach(upsert -> upserted.add(upsert.getIndex()));
        List<Write> changes = new ArrayList<>();
        int wholeUpdated = 0;
        for (int i = 0; i < writes.size(); i++) {
            Write write = writes.get(i);
            BulkWriteError error = byIndex.get(i);
            if (error == null) {
                if (write.whole()) {
                    written.add(write.id());
                    wholeUpdated += upserted.contains(i) ? 0 : 1;
                } else {
                    changes.add(write);
                }
            } else if (ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                conflicted.add(write.id());
            } else {
                refused.put(write.id(), error);
            }
        }
        if (reply.getMatchedCount() - wholeUpdated >= changes.size()) {
            changes.forEach(write -> written.add(write.id()));
        } else {
            Map<String, Long> stored = tokens(collection, changes);
            for (Write write : changes) {
                (tokens.get(write.id()).equals(stored.get(write.id())) ? written : conflicted).add(write.id());
            }
        }
        return new Result(written, conflicted, refused);
    }

    /** The write tokens the documents of {@code writes} hold, in one {@code _id $in} read; absent ones left out. */
    private static <T> Map<String, Long> tokens(MongoCollection<T> collection, List<Write> writes) {
        Map<String, Long> tokens = new HashMap<>();
        for (BsonDocument doc : collection.withDocumentClass(BsonDocument.class)
                .find(Filters.in("_id", writes.stream().map(Write::id).toList()))
                .projection(Projections.include(WRITE_TOKEN))) {
            BsonValue id = doc.get("_id");
            BsonValue token = doc.get(WRITE_TOKEN);
            if (id != null && id.isString() && token != null && token.isInt64()) {
                tokens.put(id.asString().getValue(), token.asInt64().getValue());
            }
        }
        return tokens;
    }
}
