package io.leadfunnel.localstack;

import de.bwaldvogel.mongo.bson.Document;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The BSON of stored documents, by the document object, for as long as the object lives: the H2 store writes every
 * document of a changed page again at each commit, and most of them have not changed since their page was last
 * written. Valid because a stored document is never changed: an update stores a new object in its place
 * ({@link IdLookupH2Backend}, {@link PlainUpdate}), so the bytes of an object stay its bytes.
 *
 * <p>Keyed by identity and held weakly: an entry goes when its document is no longer referenced (its page left the
 * store's cache, or a newer version replaced it), so this never holds a document the store let go of. Safe for the
 * store's serialization thread and the engine's workers at once.
 */
final class EncodedDocuments {

    private final ConcurrentHashMap<Object, byte[]> byDocument = new ConcurrentHashMap<>();
    private final ReferenceQueue<Document> collected = new ReferenceQueue<>();

    /** The bytes recorded for this very object; null when there are none. */
    byte[] get(Document document) {
        return byDocument.get(new Probe(document));
    }

    /** Records the bytes of {@code document}, which must not change from now on. */
    void put(Document document, byte[] bson) {
        expunge();
        byDocument.put(new Key(document, collected), bson);
    }

    /** How many documents have bytes recorded (those collected but not yet expunged included). */
    int size() {
        return byDocument.size();
    }

    private void expunge() {
        for (Reference<? extends Document> gone; (gone = collected.poll()) != null; ) {
            byDocument.remove(gone);
        }
    }

    /** A recorded document: weakly held, equal only to itself or to a probe of the same object. */
    private static final class Key extends WeakReference<Document> {
        private final int hash;

        Key(Document document, ReferenceQueue<Document> queue) {
            super(document, queue);
            hash = System.identityHashCode(document);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (other == this) {
                return true;
            }
            Document mine = get();
            return mine != null && (other instanceof Probe probe && probe.document == mine
                    || other instanceof Key key && key.get() == mine);
        }
    }

    /** A look-up by an object, held strongly for the moment of the look-up. */
    private record Probe(Document document) {

        @Override
        public int hashCode() {
            return System.identityHashCode(document);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.get() == document
                    || other instanceof Probe probe && probe.document == document;
        }
    }
}
