package io.leadfunnel.localstack;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.DataUtils;
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
 *
 * <p>A key of text, numbers, flags, nulls, missing values and object ids is stored in a compact form of its own: a
 * marker, the number of values, and each value in H2's encoding of it (the marker and the tags of a missing value and
 * an object id are negative, which no tag of H2's encoding is). Every other key is stored with H2's encoding of any
 * object, Java serialization, as all keys were before; such keys are still read. Java serialization of every key of an
 * index page each time the page was written or read was 4 to 9 % of the local stack's samples in flight recordings of
 * the benchmark's profile step at 200 leads/s (deploy/bench, 2026-12-07; local-stack README).
 */
final class IndexKeyType extends BasicDataType<KeyValue> {

    /** The first byte of a key in the compact form. */
    static final byte MARKER = (byte) 0xB6;
    private static final byte MISSING = (byte) 0xF0;
    private static final byte OBJECT_ID = (byte) 0xF1;
    private static final int OBJECT_ID_BYTES = 12;

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

    /** About the key's size in memory: the key and its list, and each value with its text. */
    @Override
    public int getMemory(KeyValue key) {
        int size = 64;
        for (Object value : key) {
            size += value instanceof String text ? 48 + text.length() : 24;
        }
        return size;
    }

    @Override
    public void write(WriteBuffer buffer, KeyValue key) {
        if (!compact(key)) {
            encoding.write(buffer, key);
            return;
        }
        buffer.put(MARKER);
        buffer.putVarInt(key.size());
        for (Object value : key) {
            if (value instanceof Missing) {
                buffer.put(MISSING);
            } else if (value instanceof ObjectId id) {
                buffer.put(OBJECT_ID);
                buffer.put(id.toByteArray());
            } else {
                encoding.write(buffer, value);
            }
        }
    }

    /** Whether each of the key's values has a compact form: one H2 encodes without Java serialization, or a tag. */
    private static boolean compact(KeyValue key) {
        for (Object value : key) {
            if (!(value == null || value instanceof String || value instanceof Integer || value instanceof Long
                    || value instanceof Double || value instanceof Boolean || value instanceof Missing
                    || value instanceof ObjectId)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public KeyValue read(ByteBuffer buffer) {
        if (buffer.get(buffer.position()) != MARKER) {
            return (KeyValue) encoding.read(buffer);
        }
        buffer.get();
        Object[] values = new Object[DataUtils.readVarInt(buffer)];
        for (int i = 0; i < values.length; i++) {
            byte tag = buffer.get(buffer.position());
            if (tag == MISSING) {
                buffer.get();
                values[i] = Missing.getInstance();
            } else if (tag == OBJECT_ID) {
                buffer.get();
                byte[] id = new byte[OBJECT_ID_BYTES];
                buffer.get(id);
                values[i] = new ObjectId(id);
            } else {
                values[i] = encoding.read(buffer);
            }
        }
        return new KeyValue(values);
    }

    @Override
    public KeyValue[] createStorage(int size) {
        return new KeyValue[size];
    }
}
