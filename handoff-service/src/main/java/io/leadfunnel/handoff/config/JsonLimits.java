package io.leadfunnel.handoff.config;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Bounds what a request body may hold: no text in a definition, rep or routing table needs more than
 * {@value #MAX_TEXT} characters, and none nests deeper than {@value #MAX_DEPTH} levels. Longer or deeper input is
 * refused with a 400 before anything is stored, instead of filling the store with megabyte team names.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    static final int MAX_TEXT = 10_000;
    static final int MAX_DEPTH = 64;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(MAX_TEXT).maxNestingDepth(MAX_DEPTH).build());
    }
}
