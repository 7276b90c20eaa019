package io.leadfunnel.handoff.repository;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.leadfunnel.events.IsoInstants;
import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonWriter;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.types.Decimal128;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A BSON codec for a value in its JSON shape: Jackson's tokens for the value are written as BSON and read back from
 * it, with no JSON text between. Whole numbers are stored as 32-bit integers where they fit and 64-bit otherwise, as
 * JSON text parsed by the driver stored them; decimal numbers ({@link BigDecimal}, an amount) as Decimal128, exactly.
 * Documents stored through JSON text, with decimals as doubles, read as they did.
 */
final class JsonShapeCodec<T> implements Codec<T> {

    private final ObjectMapper mapper;
    private final Class<T> type;

    JsonShapeCodec(ObjectMapper mapper, Class<T> type) {
        this.mapper = mapper;
        this.type = type;
    }

    @Override
    public Class<T> getEncoderClass() {
        return type;
    }

    @Override
    public void encode(BsonWriter writer, T value, EncoderContext context) {
        try (TokenBuffer tokens = new TokenBuffer(mapper, false)) {
            mapper.writeValue(tokens, value);
            try (JsonParser parser = tokens.asParser()) {
                for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                    write(parser, token, writer);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot store " + type.getSimpleName(), e);
        }
    }

    private static void write(JsonParser parser, JsonToken token, BsonWriter writer) throws IOException {
        switch (token) {
            case START_OBJECT -> writer.writeStartDocument();
            case END_OBJECT -> writer.writeEndDocument();
            case START_ARRAY -> writer.writeStartArray();
            case END_ARRAY -> writer.writeEndArray();
            case FIELD_NAME -> writer.writeName(parser.currentName());
            case VALUE_STRING -> writer.writeString(parser.getText());
            case VALUE_NUMBER_INT -> {
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    writer.writeDecimal128(new Decimal128(new BigDecimal(parser.getBigIntegerValue())));
                } else {
                    writeWhole(parser.getLongValue(), writer);
                }
            }
            case VALUE_NUMBER_FLOAT -> {
                if (parser.getNumberType() == JsonParser.NumberType.BIG_DECIMAL) {
                    writer.writeDecimal128(new Decimal128(parser.getDecimalValue()));
                } else {
                    writer.writeDouble(parser.getDoubleValue());
                }
            }
            case VALUE_TRUE, VALUE_FALSE -> writer.writeBoolean(parser.getBooleanValue());
            case VALUE_NULL -> writer.writeNull();
            default -> throw new IllegalArgumentException("no BSON for the JSON token " + token);
        }
    }

    private static void writeWhole(long value, BsonWriter writer) {
        if (value == (int) value) {
            writer.writeInt32((int) value);
        } else {
            writer.writeInt64(value);
        }
    }

    @Override
    public T decode(BsonReader reader, DecoderContext context) {
        try (TokenBuffer tokens = new TokenBuffer(mapper, false)) {
            readDocument(reader, tokens);
            try (JsonParser parser = tokens.asParser()) {
                return mapper.readValue(parser, type);
            }
        } catch (IOException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static void readDocument(BsonReader reader, TokenBuffer tokens) throws IOException {
        reader.readStartDocument();
        tokens.writeStartObject();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            tokens.writeFieldName(reader.readName());
            readValue(reader, tokens);
        }
        reader.readEndDocument();
        tokens.writeEndObject();
    }

    private static void readValue(BsonReader reader, TokenBuffer tokens) throws IOException {
        switch (reader.getCurrentBsonType()) {
            case DOCUMENT -> readDocument(reader, tokens);
            case ARRAY -> {
                reader.readStartArray();
                tokens.writeStartArray();
                while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                    readValue(reader, tokens);
                }
                reader.readEndArray();
                tokens.writeEndArray();
            }
            case STRING -> tokens.writeString(reader.readString());
            case INT32 -> tokens.writeNumber(reader.readInt32());
            case INT64 -> tokens.writeNumber(reader.readInt64());
            case DOUBLE -> tokens.writeNumber(reader.readDouble());
            case DECIMAL128 -> tokens.writeNumber(reader.readDecimal128().bigDecimalValue());
            case BOOLEAN -> tokens.writeBoolean(reader.readBoolean());
            case DATE_TIME -> tokens.writeString(IsoInstants.format(Instant.ofEpochMilli(reader.readDateTime())));
            case NULL -> {
                reader.readNull();
                tokens.writeNull();
            }
            default -> throw new IllegalStateException("no JSON shape for the stored " + reader.getCurrentBsonType());
        }
    }
}
