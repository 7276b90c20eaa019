package io.leadfunnel.localstack;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A unique index of the H2 file whose keys are ordered by value ({@link IndexKeyType}) instead of by their Java
 * serialization. Its map is named apart from the backend's own index maps ({@link #mapName}), so a file written before
 * this index existed opens with an empty map, which the engine fills from the collection's documents.
 */
final class KeyIndex extends AbstractUniqueIndex<Object> {

    private final MVMap<KeyValue, Object> keys;

    private KeyIndex(MVMap<KeyValue, Object> keys, String name, List<IndexKey> fields, boolean sparse) {
        super(name, fields, sparse);
        this.keys = keys;
    }

    /** Opens the index's map in {@code store}, or creates it. */
    static KeyIndex open(MVStore store, String namespace, String name, List<IndexKey> fields, boolean sparse) {
        MVMap<KeyValue, Object> keys = store.openMap(mapName(namespace, name),
                new MVMap.Builder<KeyValue, Object>().keyType(new IndexKeyType()));
        return new KeyIndex(keys, name, fields, sparse);
    }

    /** The map of index {@code name} of collection {@code namespace} ({@code database.collection}). */
    static String mapName(String namespace, String name) {
        return namespace + "._keys_" + name;
    }

    @Override
    protected Object removeDocument(KeyValue key) {
        return keys.remove(key);
    }

    @Override
    protected boolean putKeyPosition(KeyValue key, Object position) {
        return keys.putIfAbsent(key, Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
        return keys.entrySet();
    }

    @Override
    protected Object getPosition(KeyValue key) {
        return keys.get(key);
    }

    /**
     * Whether an update left the document's keys for this index as they were, answered from the indexed fields
     * themselves when each is a top-level field that the update left equal ({@link Objects#equals}; present in both
     * or in neither). The engine asks this twice per index and update, and its own answer builds and normalizes both
     * documents' key values each time; equal fields give equal key values, so only a changed field, a dotted path or
     * values that are equal only after normalizing (such as 1 and 1.0) go the engine's way.
     */
    @Override
    protected boolean nullAwareEqualsKeys(Document oldDocument, Document newDocument) {
        for (String field : keys()) {
            if (field.indexOf('.') >= 0 || oldDocument.containsKey(field) != newDocument.containsKey(field)
                    || !Objects.equals(oldDocument.get(field), newDocument.get(field))) {
                return super.nullAwareEqualsKeys(oldDocument, newDocument);
            }
        }
        return true;
    }

    @Override
    public long getCount() {
        return keys.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return keys.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }
}
