package io.leadfunnel.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The one JSON mapping of the event contract: ISO-8601 instants, nulls left out, unknown fields ignored so a newer
 * producer does not break an older consumer.
 */
public final class FunnelJson {

    private static final ObjectMapper MAPPER = configure(JsonMapper.builder().build());

    private FunnelJson() {
    }

    /** Applies the contract's settings to a mapper (for example a framework-managed one). */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper
                .registerModule(new JavaTimeModule())
                .registerModule(new SimpleModule("funnel-instants").addDeserializer(Instant.class, new InstantReader())
                        .addSerializer(Instant.class, new InstantWriter()))
                .registerModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** The shared, thread-safe mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads and writes every event type and a lead's personal data once, so the mapper builds its serializers and
     * deserializers before the first request or record instead of during it: the first use of a type builds them
     * under the mapper's cache lock, and every other thread that needs a type not yet built waits on that lock. Call
     * it once at start.
     */
    public static void warmUp() {
        for (Class<? extends FunnelEvent> type : GoldenSamples.EVENT_TYPES) {
            write(GoldenSamples.event(type));
        }
        LeadPersonalData personal = new LeadPersonalData("warm-up", 1, Instant.EPOCH,
                FunnelEvent.SCHEMA_VERSION, LeadEvent.PRODUCER, "warm.up@example.com", "Warm", "Up", "Example",
                "example.com", "Tester", Map.of("crm", "1"));
        readPersonalData(writePersonalData(personal));
    }

    /** Writes an event as JSON text. */
    public static String write(FunnelEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + event.type(), e);
        }
    }

    /**
     * Reads an event from JSON.
     *
     * @throws UnknownEventTypeException when {@code type} names an event this version does not know (a newer producer);
     *                                   consumers may skip such records
     * @throws IllegalArgumentException  when the text is not a valid event
     */
    public static FunnelEvent read(String json) {
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads an event from UTF-8 JSON bytes; see {@link #read(String)}. */
    public static FunnelEvent read(byte[] json) {
        try {
            return MAPPER.readValue(json, FunnelEvent.class);
        } catch (com.fasterxml.jackson.databind.exc.InvalidTypeIdException e) {
            throw new UnknownEventTypeException(e.getTypeId(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid funnel event: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a valid funnel event: " + e.getMessage(), e);
        }
    }

    /** Reads an event and checks it is of the expected family, e.g. {@code LeadEvent.class}. */
    public static <T extends FunnelEvent> T read(String json, Class<T> family) {
        FunnelEvent event = read(json);
        if (!family.isInstance(event)) {
            throw new IllegalArgumentException("expected a " + family.getSimpleName() + " but got " + event.type());
        }
        return family.cast(event);
    }

    /** Writes the personal values of a lead as the JSON value of its {@link Topics#LEAD_PROFILES} record. */
    public static String writePersonalData(LeadPersonalData personal) {
        try {
            return MAPPER.writeValueAsString(personal);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize the personal data of lead " + personal.leadId(), e);
        }
    }

    /**
     * Reads the value of a {@link Topics#LEAD_PROFILES} record.
     *
     * @throws IllegalArgumentException when the text is not valid personal data of a lead
     */
    public static LeadPersonalData readPersonalData(String json) {
        try {
            return MAPPER.readValue(json, LeadPersonalData.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid personal data of a lead: " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not valid personal data of a lead: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a record of {@link Topics#LEAD_PROFILES}: its personal values, or empty for a tombstone (a null value).
     * A refusal names the lead and quotes nothing of the value, and has no cause that might: its message goes to
     * logs and to the dead-letter record's headers, which must not hold personal values.
     *
     * @throws IllegalArgumentException when the key is no lead id, the value is not personal data, or the values
     *                                  are another lead's
     */
    public static Optional<LeadPersonalData> readProfileRecord(String key, String value) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a " + Topics.LEAD_PROFILES + " record without a lead id as its key");
        }
        if (value == null) {
            return Optional.empty();
        }
        LeadPersonalData personal;
        try {
            personal = readPersonalData(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + Topics.LEAD_PROFILES + " record of lead " + key
                    + " is not valid personal data");
        }
        if (!key.equals(personal.leadId())) {
            throw new IllegalArgumentException("the " + Topics.LEAD_PROFILES + " record of lead " + key
                    + " holds the personal data of another lead");
        }
        return Optional.of(personal);
    }

    /**
     * Reads an instant written as the contract writes them through {@link IsoInstants}, and any other value (another
     * form of text, a number of seconds) as the Java time module's reader does. Registered after that module, so it
     * is the one the mapper asks first. The contract sets no per-field instant format that this would pass over.
     */
    private static final class InstantReader extends StdScalarDeserializer<Instant> {

        InstantReader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant written = IsoInstants.parseWritten(parser.getText());
                if (written != null) {
                    return written;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.DateTime;
        }
    }

    /**
     * Writes an instant as {@link IsoInstants#format} writes it, the same text as the Java time module's writer gives,
     * or as that writer does when the mapper writes dates as timestamps.
     */
    private static final class InstantWriter extends StdScalarSerializer<Instant> {

        InstantWriter() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            if (provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)) {
                InstantSerializer.INSTANCE.serialize(value, generator, provider);
            } else {
                generator.writeString(IsoInstants.format(value));
            }
        }
    }

    /** Thrown for an event type this version of the contract does not know. */
    public static final class UnknownEventTypeException extends IllegalArgumentException {
        private final String typeId;

        UnknownEventTypeException(String typeId, Throwable cause) {
            super("unknown event type: " + typeId, cause);
            this.typeId = typeId;
        }

        public String typeId() {
            return typeId;
        }
    }

}
