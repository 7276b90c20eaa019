package io.leadfunnel.lead.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.leadfunnel.runtime.problem.ProblemException;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Strict JSON reading for webhook bodies: duplicate keys and trailing content are refused, since two readers of an
 * ambiguous document may see two different leads.
 */
final class WebhookJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private WebhookJson() {
    }

    /**
     * Parses a body.
     *
     * @throws ProblemException 400 when it is empty or not JSON
     */
    static JsonNode read(byte[] body) {
        if (body.length == 0) {
            throw ProblemException.malformed("the body is empty", null);
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ProblemException.malformed("the body is empty", null);
            }
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw ProblemException.malformed("the body is not valid JSON" + where + ": " + e.getOriginalMessage(),
                    null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }
}
