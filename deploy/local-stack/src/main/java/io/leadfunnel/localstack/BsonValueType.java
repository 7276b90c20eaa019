package io.leadfunnel.localstack;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.BsonConstants;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * How the H2 file stores a collection's documents: as BSON, the engine's own wire encoding, instead of Java
 * serialization (the default for a value of a type H2 does not know). The store writes every document of a changed
 * page again at each commit and reads a page back whole when it is not cached; with Java serialization that was a
 * third of the local stack's CPU under the funnel's load (class descriptors, a handle table and a map per document).
 *
 * <p>A document larger than BSON allows (16 MiB: MongoDB refuses it, this engine does not, and metrics-service's
 * aggregate logs grew past it during a rebuild) is stored with Java serialization as before, since the BSON reader
 * refuses it.
 *
 * <p>Files written before keep being read: a BSON value starts with a marker byte no value of {@link ObjectDataType}
 * starts with (its type tags are not negative), anything else is read as that type reads it, and the next write of the
 * page stores it as BSON.
 */
final class BsonValueType extends BasicDataType<Document> {

    private static final Logger LOG = LoggerFactory.getLogger(BsonValueType.class);

    /** The first byte of a value stored as BSON. */
    static final byte MARKER = (byte) 0xB5;
    /** Fixed part of a document's estimated size in memory; {@link #getMemory} adds twice its estimated BSON size. */
    private static final int DOCUMENT_OVERHEAD = 64;

    private final ObjectDataType earlier = new ObjectDataType();
    private final ThreadLocal<ByteBuf> scratch = ThreadLocal.withInitial(() -> Unpooled.buffer(4096));

    /**
     * The document's size in memory as the store counts it: for the page cache, for when a page is split, and for the
     * changes not yet written, whose total makes the store write them before its timer does
     * ({@link IdLookupH2Backend#open}). Each document's own size, estimated from its values without encoding them.
     * One running average of every document written stood for all of them before: during a metrics rebuild its eight
     * replay logs of about 1.5 MB each (beside leads of 1 to 2 KB) pulled it up, every changed page then counted as
     * large, and the store wrote its changes about eight times a second instead of once, encoding the large logs again
     * each time (deploy/bench, 2026-12-07; local-stack README).
     */
    @Override
    public int getMemory(Document document) {
        return DOCUMENT_OVERHEAD + 2 * estimatedSize(document);
    }

    /**
     * About the size of a value's BSON encoding (exact for documents of strings in ASCII, numbers and booleans), found
     * by walking it: a field's name and type byte, and its value's bytes.
     */
    static int estimatedSize(Object value) {
        if (value instanceof Document document) {
            int size = 5;
            for (Map.Entry<String, Object> field : document.entrySet()) {
                size += field.getKey().length() + 2 + estimatedSize(field.getValue());
            }
            return size;
        }
        if (value instanceof Collection<?> list) {
            int size = 5;
            int index = 0;
            for (Object element : list) {
                size += digits(index++) + 2 + estimatedSize(element);
            }
            return size;
        }
        if (value instanceof String text) {
            return text.length() + 5;
        }
        if (value instanceof BinData binary) {
            return binary.getData().length + 5;
        }
        if (value == null || value instanceof Boolean) {
            return value == null ? 0 : 1;
        }
        if (value instanceof Integer) {
            return 4;
        }
        return value instanceof Decimal128 || value instanceof UUID ? 17 : value instanceof ObjectId ? 12 : 8;
    }

    /** The digits of a list index, the name of its element's field in BSON. */
    private static int digits(int index) {
        int digits = 1;
        for (int rest = index / 10; rest > 0; rest /= 10) {
            digits++;
        }
        return digits;
    }

    @Override
    public void write(WriteBuffer buffer, Document document) {
        ByteBuf bytes = scratch.get();
        try {
            bytes.clear();
            try {
                BsonEncoder.encodeDocument(document, bytes);
            } catch (RuntimeException e) {
                // not expected: every value the engine stores came as BSON; the file stays whole either way
                LOG.warn("a document could not be coded as BSON and is stored with Java serialization; its fields: {}",
                        describe(document), e);
                earlier.write(buffer, document);
                return;
            }
            int size = bytes.readableBytes();
            if (size > BsonConstants.MAX_BSON_OBJECT_SIZE) {
                // MongoDB refuses a document this large; this engine stores it, and its BSON reader would refuse it
                earlier.write(buffer, document);
                return;
            }
            buffer.put(MARKER);
            buffer.put(bytes.nioBuffer());
        } finally {
            if (bytes.capacity() > 1 << 20) {
                scratch.remove(); // one large document does not keep a large buffer for the thread
            }
        }
    }

    private static String describe(Object value) {
        if (value instanceof java.util.Map<?, ?> map) {
            StringBuilder text = new StringBuilder("{");
            map.forEach((k, v) -> text.append(k).append(": ").append(describe(v)).append(", "));
            return text.append("}").toString();
        }
        if (value instanceof java.util.Collection<?> list) {
            return list.stream().map(BsonValueType::describe).toList().toString();
        }
        return value == null ? "null" : value.getClass().getName();
    }

    @Override
    public Document read(ByteBuffer buffer) {
        int start = buffer.position();
        if (buffer.get(start) != MARKER) {
            return (Document) earlier.read(buffer);
        }
        int size = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(start + 1);
        ByteBuffer bson = buffer.duplicate();
        bson.position(start + 1).limit(start + 1 + size);
        Document document = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson.slice()));
        buffer.position(start + 1 + size);
        return document;
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }
}
