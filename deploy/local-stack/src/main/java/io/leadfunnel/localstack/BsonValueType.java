package io.leadfunnel.localstack;

import de.bwaldvogel.mongo.bson.Document;
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
    /** Fixed part of a document's estimated size in memory; {@link #getMemory} adds its BSON size's running average. */
    private static final int DOCUMENT_OVERHEAD = 64;

    private final ObjectDataType earlier = new ObjectDataType();
    private final ThreadLocal<ByteBuf> scratch = ThreadLocal.withInitial(() -> Unpooled.buffer(4096));
    /** Average encoded size (bytes) of the documents written so far, for the page cache's estimate. */
    private volatile int averageSize = 1024;

    @Override
    public int getMemory(Document document) {
        // the store asks for every value it caches or writes; an estimate, as H2's own type gives for serialized objects
        return DOCUMENT_OVERHEAD + averageSize * 2;
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
            averageSize = (averageSize * 15 + size) / 16;
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
