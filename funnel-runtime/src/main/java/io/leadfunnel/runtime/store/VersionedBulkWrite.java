package io.leadfunnel.runtime.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * <p>A write the server refuses for another reason (a document too large, a validation) is reported per lead too, so
 * the caller can set that lead's records aside as poison and keep the rest.
 */
public final class VersionedBulkWrite {

    /**
     * One lead's write.
     *
     * @param readVersion the version read, 0 for a document not stored yet
     * @param update      sets the whole document, its version at {@code readVersion + 1}
     */
    public record Write(String id, long readVersion, Bson update) {

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
        for (Write write : writes) {
            // _id and version as $and, as every versioned write of the services (see OutboxClearing)
            models.add(new UpdateOneModel<>(
                    Filters.and(Filters.eq("_id", write.id()), Filters.eq(versionField, write.readVersion())),
                    write.update(), new UpdateOptions().upsert(true)));
        }
        List<BulkWriteError> errors = List.of();
        try {
            collection.bulkWrite(models, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                // applied, or not, nobody can tell: a transient failure, the whole poll is tried again
                throw e;
            }
            errors = e.getWriteErrors();
        }
        Map<Integer, BulkWriteError> byIndex = new LinkedHashMap<>();
        errors.forEach(error -> byIndex.put(error.getIndex(), error));
        for (int i = 0; i < writes.size(); i++) {
            String id = writes.get(i).id();
            BulkWriteError error = byIndex.get(i);
            if (error == null) {
                written.add(id);
            } else if (ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                conflicted.add(id);
            } else {
                refused.put(id, error);
            }
        }
        return new Result(written, conflicted, refused);
    }
}
