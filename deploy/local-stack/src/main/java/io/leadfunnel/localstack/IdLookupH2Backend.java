package io.leadfunnel.localstack;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.ArrayList;
import java.util.List;

/**
 * The H2 backend of mongo-java-server (the local stack's, whose data survives a restart), planning queries that pin
 * {@code _id} through the {@code _id} index ({@link IdLookup}), with unique indexes whose keys are ordered by value
 * ({@link KeyIndex}) and a page cache sized to the heap ({@link #cacheMegabytes}).
 */
final class IdLookupH2Backend extends H2Backend {

    /** The documents of every collection are stored as BSON ({@link BsonValueType}). */
    private static final BsonValueType DOCUMENTS = new BsonValueType();

    IdLookupH2Backend(String fileName) {
        super(open(fileName));
    }

    /**
     * Changes (in the store's estimate of their pages' memory, {@link BsonValueType#getMemory}) the store holds at
     * most before it writes them, in KiB: it writes once a second in any case, and sooner only past this. H2's
     * default, about 19 MiB, was reached several times a second by a metrics rebuild (every poll changes its eight
     * replay logs of up to 1.5 MB each, plus a few hundred leads' pages), and each write encoded the logs again. The
     * changes are in the heap anyway until written; this only lets a second's worth of them wait for the timer.
     */
    static final int UNSAVED_KIB = 64 * 1024;

    /**
     * The fill rate, in percent, below which the store rewrites the live pages of its older chunks into new ones, to
     * give their space back. With H2's default of 90, a busy store aims at 81 and compacts whenever its rewritable
     * chunks are less than about 62 % full: it reads each live page of those chunks from the file, decodes its documents
     * and writes them again. In flight recordings of the benchmark's profile step at 200 leads/s that rewrite was 5 to
     * 12 % of the local stack's samples, and about 1 % with 50 (deploy/bench, 2026-12-07; the local-stack README has
     * the runs and their CPU per lead). With 50 a busy store does not compact (its target becomes 25, below anything H2
     * compares it with) and an idle one compacts while its rewritable chunks are less than half full. Chunks whose
     * pages were all replaced are freed either way.
     */
    static final int COMPACT_FILL_PERCENT = 50;

    private static MVStore open(String fileName) {
        return new MVStore.Builder().fileName(fileName).cacheSize(cacheMegabytes(Runtime.getRuntime().maxMemory()))
                .autoCommitBufferSize(UNSAVED_KIB).autoCompactFillRate(COMPACT_FILL_PERCENT).open();
    }

    /**
     * The store's page cache: an eighth of the heap, between H2's default of 16 MiB and 256 MiB. A page that is not in
     * the cache is read from the file and its documents deserialized again; with the default, pages of the services'
     * collections left the cache between one read and the next under load, and that deserialization was an eighth of
     * the engine's CPU.
     */
    static int cacheMegabytes(long maxHeapBytes) {
        long eighth = maxHeapBytes / 8 / (1024 * 1024);
        return (int) Math.max(16, Math.min(256, eighth));
    }

    /** How a collection's map of documents is opened: keys as H2 stores any value, documents as BSON. */
    private static MVMap.Builder<Object, Document> documents() {
        return new MVMap.Builder<Object, Document>().valueType(DOCUMENTS);
    }

    /**
     * Each command holds the store's version current when it began until it is done, so that no chunk holding a page
     * of that version is reused meanwhile (H2 frees a chunk once it is older than the oldest version in use and its
     * retention time, 45 seconds by default, has passed). A command reads its collection page by page from the map's
     * root as it found it; a scan of a million documents can take longer than the retention time, and one that
     * overlapped a drop and the compaction after it failed with "Chunk ... not found". The store kept every chunk for
     * ten minutes against that before, so the file held ten minutes of a metrics rebuild's rewrites of large documents;
     * with each command's version held, the default retention is enough.
     */
    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        MVStore.TxCounter using = getMvStore().registerVersionUsage();
        try {
            return super.handleCommand(channel, databaseName, command, query);
        } finally {
            getMvStore().deregisterVersionUsage(using);
        }
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
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                        boolean sparse) {
            return KeyIndex.open(getMvStore(), getFullCollectionNamespace(collectionName), indexName, keys, sparse);
        }

        @Override
        protected void dropIndex(MongoCollection<Object> collection, String indexName) {
            super.dropIndex(collection, indexName);
            MVStore store = getMvStore();
            String map = KeyIndex.mapName(getFullCollectionNamespace(collection.getCollectionName()), indexName);
            if (store.hasMap(map)) {
                store.removeMap(map);
            }
        }

        /**
         * Renames the collection's maps with it. The backend's own rename names the maps after the collection's new
         * name only once the collection already carries it, so it opens new empty maps instead: the renamed collection
         * kept working until the engine restarted and then came back empty (with its documents left in maps no
         * collection names). Here the documents, the metadata and every index move to the new name, replacing what a
         * dropped collection of that name may have left.
         */
        @Override
        public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
            String from = collection.getFullName();
            super.moveCollection(oldDatabase, collection, newCollectionName);
            String to = getFullCollectionNamespace(newCollectionName);
            if (from.equals(to)) {
                return;
            }
            MVStore store = getMvStore();
            List<String[]> renames = new ArrayList<>();
            renames.add(new String[] {"databases." + from, "databases." + to});
            renames.add(new String[] {"meta." + from, "meta." + to});
            for (String name : store.getMapNames()) {
                for (String index : List.of("._keys_", "._index_")) {
                    if (name.startsWith(from + index)) {
                        renames.add(new String[] {name, to + name.substring(from.length())});
                    }
                }
            }
            for (String name : store.getMapNames()) {
                if (name.startsWith(to + "._keys_") || name.startsWith(to + "._index_")) {
                    store.removeMap(name);
                }
            }
            for (String[] rename : renames) {
                if (store.hasMap(rename[1])) {
                    store.removeMap(rename[1]);
                }
                if (store.hasMap(rename[0])) {
                    MVMap<?, ?> map = rename[0].startsWith("databases.") ? store.openMap(rename[0], documents())
                            : store.openMap(rename[0]);
                    store.renameMap(map, rename[1]);
                }
            }
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            // the map names of H2Database, so collections written before stay readable and drops still find them
            String namespace = getFullCollectionNamespace(collectionName);
            MVStore store = getMvStore();
            MVMap<Object, Document> data = store.openMap("databases." + namespace, documents());
            MVMap<String, Object> meta = store.openMap("meta." + namespace);
            return new Collection(this, collectionName, options, data, meta, cursorRegistry);
        }
    }

    private static final class Collection extends H2Collection {

        /** Whether this thread is in an update, whose found documents are then copies ({@link #updateDocuments}). */
        private static final ThreadLocal<Boolean> UPDATING = ThreadLocal.withInitial(() -> false);

        /** Where a {@link PlainUpdate} finds and stores this collection's documents. */
        private final PlainUpdate.Target<Object> target = new PlainUpdate.Target<>(this, getIdField(),
                selector -> queryDocuments(selector, null, 0, 0, 0, null), this::handleUpdate);

        Collection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> data,
                   MVMap<String, Object> meta, CursorRegistry cursors) {
            super(database, name, options, data, meta, cursors);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int numberToReturn,
                                             int batchSize, Document fieldSelector) {
            String namespace = getDatabase().getDatabaseName() + "." + getCollectionName();
            QueryResult found = IdLookup.plan(namespace, query, getIndexes(),
                    (matched, positions) -> matchDocuments(matched, positions, orderBy, numberToSkip, numberToReturn,
                            batchSize, fieldSelector),
                    () -> super.queryDocuments(query, orderBy, numberToSkip, numberToReturn, batchSize, fieldSelector));
            if (!UPDATING.get()) {
                return found;
            }
            List<Document> copies = new ArrayList<>();
            found.forEach(document -> copies.add(document.clone()));
            return new QueryResult(copies, found.getCursorId());
        }

        /**
         * An update of the usual shapes ({@link PlainUpdate}) never changes the stored document, and stores its new
         * version in the document's place. Any other is the engine's.
         *
         * <p>The engine's updates change copies of the stored documents. Its own update changes the document it found
         * in place and then stores that same object again; but the stored object may be in a page that the store is
         * writing to the file at that moment, on its own thread, so the write could see it half changed (with Java
         * serialization it wrote whatever it saw; coding it as BSON, it failed on the concurrent change and the store
         * stopped). A copy leaves the stored object as it was until the new one replaces it.
         *
         * <p>The copy is of the top level only ({@link Document#clone}): the engine computes the changed document
         * from a deep copy of the found one, changes only that, and then puts each of its top-level values into the
         * found document and removes the keys it no longer has. So the found document's own map is the only thing an
         * update changes, and the values below it, which the copy shares with the stored object, are never changed.
         * A deep copy here cloned every document a third time per update (the engine clones it twice itself).
         */
        @Override
        public synchronized Document updateDocuments(Document selector, Document updateQuery,
                                                     ArrayFilters arrayFilters, boolean isMulti, boolean isUpsert,
                                                     Oplog oplog) {
            Document result = PlainUpdate.updateDocuments(target, selector, updateQuery, arrayFilters, isMulti,
                    isUpsert, oplog);
            if (result != null) {
                return result;
            }
            UPDATING.set(true);
            try {
                return super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog);
            } finally {
                UPDATING.set(false);
            }
        }

        /** As {@link #updateDocuments}: a find-and-modify changes a copy of the document it found. */
        @Override
        public Document findAndModify(Document query) {
            UPDATING.set(true);
            try {
                return super.findAndModify(query);
            } finally {
                UPDATING.set(false);
            }
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
