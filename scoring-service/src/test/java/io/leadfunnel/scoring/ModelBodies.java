package io.leadfunnel.scoring;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadfunnel.scoring.domain.DefaultModel;

import java.util.Map;

/** Request bodies for POST /models, starting from the default model. */
public final class ModelBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelBodies() {
    }

    /** The default model as a mutable JSON object, without its version. */
    public static Map<String, Object> defaultModel() {
        Map<String, Object> body = JSON.convertValue(DefaultModel.create(), new TypeReference<>() {
        });
        body.remove("version");
        body = new java.util.LinkedHashMap<>(body);
        return body;
    }

    public static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
