package io.leadfunnel.localstack;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

/**
 * The memory backend of mongo-java-server (the tests' engine), planning queries that pin {@code _id} through the
 * {@code _id} index ({@link IdLookup}), as the local stack's H2 backend does: without it every version-checked write
 * of a test scanned the whole collection, and a test that stores 10,000 leads spent minutes on that alone.
 */
final class IdLookupMemoryBackend extends MemoryBackend {

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName, getCursorRegistry());
    }

    private static final class Database extends MemoryDatabase {

        Database(String name, CursorRegistry cursors) {
            super(name, cursors);
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
            return new Collection(this, collectionName, options, cursorRegistry);
        }
    }

    private static final class Collection extends MemoryCollection {

        Collection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
            super(database, name, options, cursors);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int numberToReturn,
                                             int batchSize, Document fieldSelector) {
            String namespace = getDatabase().getDatabaseName() + "." + getCollectionName();
            return IdLookup.plan(namespace, query, getIndexes(),
                    (matched, positions) -> matchDocuments(matched, positions, orderBy, numberToSkip, numberToReturn,
                            batchSize, fieldSelector),
                    () -> super.queryDocuments(query, orderBy, numberToSkip, numberToReturn, batchSize, fieldSelector));
        }

        /**
         * No running total of the documents' BSON size: the engine keeps it by encoding the whole document before and
         * after every update (and on every insert and delete), a quarter of its CPU under the funnel's load, for a
         * figure only {@code collStats} and {@code dbStats} report and the services never ask for.
         */
        @Override
        protected boolean tracksDataSize() {
            return false;
        }
    }
}
