package io.leadfunnel.localstack;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The H2 backend of mongo-java-server (the local stack's, whose data survives a restart), planning queries that pin
 * {@code _id} through the {@code _id} index ({@link IdLookup}).
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
            String namespace = getDatabase().getDatabaseName() + "." + getCollectionName();
            return IdLookup.plan(namespace, query, getIndexes(),
                    positions -> matchDocuments(query, positions, orderBy, numberToSkip, numberToReturn, batchSize,
                            fieldSelector),
                    () -> super.queryDocuments(query, orderBy, numberToSkip, numberToReturn, batchSize, fieldSelector));
        }
    }
}
