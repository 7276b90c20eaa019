package io.leadfunnel.localstack;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;

/**
 * The keys of a unique index in the H2 file, ordered by their values. The H2 backend keeps its index keys in maps of
 * H2's generic object type, which orders objects it does not know (the backend's key class is not comparable) by
 * their Java serialization: every step of every index lookup serialized two keys, and under the benchmark's load that
 * was a quarter of the engine's CPU. Here the values are compared as MongoDB compares them, field by field; only two
 * keys that compare equal without being equal (a null and a missing value) fall back to their serialized form, so the
 * order stays total and the map never takes one key for another. Keys are stored as before (H2's object encoding).
 *
 * <p>The order differs from the one maps written by the backend's own indexes have, so these indexes live in maps of
 * their own ({@link KeyIndex}); a data file from before gets them built from its documents when it is opened.
 */
final class IndexKeyType extends BasicDataType<KeyValue> {

    private final ObjectDataType encoding = new ObjectDataType();

    @Override
    public int compare(KeyValue a, KeyValue b) {
        if (a == b) {
            return 0;
        }
        int fields = Math.min(a.size(), b.size());
        for (int i = 0; i < fields; i++) {
            int order = ValueComparator.asc().compare(a.get(i), b.get(i));
            if (order != 0) {
                return order;
            }
        }
        if (a.size() != b.size()) {
            return Integer.compare(a.size(), b.size());
        }
        if (a.equals(b)) {
            return 0;
        }
        return ObjectDataType.compareNotNull(ObjectDataType.serialize(a), ObjectDataType.serialize(b));
    }

    @Override
    public int getMemory(KeyValue key) {
        return encoding.getMemory(key);
    }

    @Override
    public void write(WriteBuffer buffer, KeyValue key) {
        encoding.write(buffer, key);
    }

    @Override
    public KeyValue read(ByteBuffer buffer) {
        return (KeyValue) encoding.read(buffer);
    }

    @Override
    public KeyValue[] createStorage(int size) {
        return new KeyValue[size];
    }
}
