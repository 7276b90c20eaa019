package io.leadfunnel.handoff.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.leadfunnel.events.FunnelJson;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * Converts the pure domain's values to BSON sub-documents and back through their JSON shape (instants and durations
 * as ISO-8601 text), so the domain stays free of persistence annotations and the stored shape is the documented JSON.
 */
public final class StoredJson {

    private static final ObjectMapper MAPPER = FunnelJson.configure(JsonMapper.builder().build())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private StoredJson() {
    }

    public static Document toDocument(Object value) {
        try {
            return Document.parse(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot store " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T fromDocument(Document document, Class<T> type) {
        try {
            return MAPPER.readValue(document.toJson(RELAXED), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " cannot be read: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** The mapper, for diffs between stored shapes. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
