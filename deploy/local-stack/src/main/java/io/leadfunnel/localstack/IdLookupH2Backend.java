package io.leadfunnel.localstack;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;

/**
 * The H2 backend of mongo-java-server, with one planner improvement: a query that pins {@code _id} to one value next to
 * other conditions ({@code {_id: x, version: 3}} or {@code {$and: [{_id: x}, ...]}}) reads that one document through
 * the {@code _id} index instead of scanning the whole collection.
 * <p>
 * mongo-java-server uses an index only when the query's fields are exactly the index's fields, so every optimistic,
 * version-checked write of the services (and every {@code $pull} guarded by another condition) scanned the collection:
 * a write cost grew with the number of leads (measured by the benchmarks: about 1 ms at 20,000 documents for an update
 * by {@code _id} alone, 11 to 48 ms with a version check). MongoDB itself plans these queries on the {@code _id}
 * index; this brings the local engine in line. The result is the same: the candidate document is still matched
 * against the whole query.
 */
final class IdLookupH2Backend extends H2Backend {

    /**
     * How long the store keeps a chunk after its last live page moved elsewhere. A query reads a consistent snapshot
     * of the collection page by page, and the store does not know about that reader: with H2's default of 45 seconds,
     * a scan of a large collection that overlapped a drop and the compaction after it (a metrics rebuild switching
     * generations, then reading 1,000,000 leads) failed with "Chunk ... not found". Ten minutes outlasts any scan
     * here, at the cost of a larger file while much is rewritten.
     */
    static final int RETENTION_MILLIS = 10 * 60 * 1000;

    IdLookupH2Backend(String fileName) {
        super(open(fileName));
    }

    private static MVStore open(String fileName) {
        MVStore store = MVStore.open(fileName);
        store.setRetentionTime(RETENTION_MILLIS);
        return store;
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName, getMvStore(), getCursorRegistry());
    }

    /** Not static: H2Database's constructor already opens collections, before a field of this class would be set. */
    private final class Database extends H2Database {

        Database(String name, MVStore store, CursorRegistry cursors) {
            super(name, store, cursors);
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            // the map names of H2Database, so collections written before stay readable and drops still find them
            String namespace = getFullCollectionNamespace(collectionName);
            MVStore store = getMvStore();
            MVMap<Object, Document> data = store.openMap("databases." + namespace);
            MVMap<String, Object> meta = store.openMap("meta." + namespace);
            return new Collection(this, collectionName, options, data, meta, cursorRegistry);
        }
    }

    private static final class Collection extends H2Collection {

        Collection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> data,
                   MVMap<String, Object> meta, CursorRegistry cursors) {
            super(database, name, options, data, meta, cursors);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int numberToReturn,
                                             int batchSize, Document fieldSelector) {
            Document byId = idCondition(query);
            if (byId != null && byId != query) {
                for (Index<Object> index : List.copyOf(getIndexes())) {
                    if (index.canHandle(byId)) { // only an index on exactly _id can
                        Iterable<Object> positions = index.getPositions(byId);
                        return matchDocuments(query, positions, orderBy, numberToSkip, numberToReturn, batchSize,
                                fieldSelector);
                    }
                }
            }
            return super.queryDocuments(query, orderBy, numberToSkip, numberToReturn, batchSize, fieldSelector);
        }
    }

    /**
     * {@code {_id: value}} when the query requires {@code _id} to equal one plain value, either as a field of the
     * query or of one of the documents of a top-level {@code $and}; null otherwise.
     */
    static Document idCondition(Document query) {
        if (query == null) {
            return null;
        }
        Object id = query.get("_id");
        if (id != null) {
            return plain(id) ? (query.size() == 1 ? query : new Document("_id", id)) : null;
        }
        if (query.get("$and") instanceof List<?> all) {
            for (Object part : all) {
                if (part instanceof Document conjunct && conjunct.get("_id") != null && plain(conjunct.get("_id"))) {
                    return new Document("_id", conjunct.get("_id"));
                }
            }
        }
        return null;
    }

    private static boolean plain(Object value) {
        return !(value instanceof Document) && !(value instanceof java.util.Collection<?>)
                && !(value instanceof java.util.regex.Pattern)
                && !value.getClass().getName().contains("RegularExpression");
    }
}
