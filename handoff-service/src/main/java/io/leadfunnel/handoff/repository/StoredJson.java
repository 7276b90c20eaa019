package io.leadfunnel.handoff.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.leadfunnel.events.FunnelJson;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonDocumentWriter;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;

/**
 * Stores the pure domain's values as BSON in their JSON shape (instants and durations as ISO-8601 text, nulls left
 * out), so the domain stays free of persistence annotations and the stored shape is the documented JSON. The values go
 * to and from BSON through {@link JsonShapeCodec}, token by token, without JSON text.
 */
public final class StoredJson {

    private static final ObjectMapper MAPPER = FunnelJson.configure(JsonMapper.builder().build())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    private static final DocumentCodec DOCUMENTS = new DocumentCodec();

    private StoredJson() {
    }

    /** The codec storing values of {@code type} in their JSON shape. */
    public static <T> Codec<T> codec(Class<T> type) {
        return new JsonShapeCodec<>(MAPPER, type);
    }

    public static Document toDocument(Object value) {
        BsonDocument bson = new BsonDocument();
        encode(value, bson);
        return DOCUMENTS.decode(new BsonDocumentReader(bson), DecoderContext.builder().build());
    }

    public static <T> T fromDocument(Document document, Class<T> type) {
        return read(document.toBsonDocument(), codec(type));
    }

    /** Reads a stored value. */
    public static <T> T read(BsonDocument document, Codec<T> codec) {
        if (document instanceof RawBsonDocument raw) {
            return raw.decode(codec); // straight from the bytes read
        }
        return codec.decode(new BsonDocumentReader(document), DecoderContext.builder().build());
    }

    @SuppressWarnings("unchecked")
    private static <T> void encode(T value, BsonDocument into) {
        Codec<T> codec = (Codec<T>) codec(value.getClass());
        codec.encode(new BsonDocumentWriter(into), value, EncoderContext.builder().build());
    }

    /** The mapper, for diffs between stored shapes. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
