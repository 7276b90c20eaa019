package io.leadfunnel.localstack;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

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

        /**
         * Where a {@link PlainUpdate} finds and stores this collection's documents. The memory backend keeps the
         * stored document object for good, so the new version's fields are moved into it as the engine's own update
         * does: fields it no longer has are removed, the others put in their place, and new ones appended.
         */
        private final PlainUpdate.Target<Integer> target = new PlainUpdate.Target<>(this, getIdField(),
                selector -> queryDocuments(selector, null, 0, 0, 0, null), (position, stored, updated) -> {
                    stored.keySet().retainAll(updated.keySet());
                    stored.putAll(updated);
                });

        Collection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
            super(database, name, options, cursors);
        }

        /** An update of the usual shapes is applied by {@link PlainUpdate}; any other by the engine. */
        @Override
        public synchronized Document updateDocuments(Document selector, Document updateQuery,
                                                     ArrayFilters arrayFilters, boolean isMulti, boolean isUpsert,
                                                     Oplog oplog) {
            Document result = PlainUpdate.updateDocuments(target, selector, updateQuery, arrayFilters, isMulti,
                    isUpsert, oplog);
            return result != null ? result
                    : super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog);
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
