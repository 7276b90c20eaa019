package io.leadfunnel.lead.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Creates a lead at most once per {@code Idempotency-Key}: a repeat of the same request gets the first answer again,
 * status and body, marked as replayed, so a client whose answer was lost can simply retry. The rules for keys are
 * {@link IdempotencyKeys}'; without a key every request creates.
 */
@ApplicationScoped
public class IdempotentCreate {

    /** Canonical JSON of a request for the idempotency hash: same content, same hash, whatever the key order. */
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final IdempotencyKeys keys;
    private final ObjectMapper json;

    public IdempotentCreate(IdempotencyKeys keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    /** What creating answered: 201 for a new lead, 200 for one that existed, with the lead as body. */
    public record Created(int status, String leadId, Object body) {
    }

    /**
     * The answer to {@code operation} (method and path) with {@code request}: the stored one if this key answered the
     * same request before, otherwise {@code create}'s, stored under the key unless a concurrent request stored first.
     */
    public Response answer(String operation, Object request, String key, UriInfo uri, Supplier<Created> create) {
        IdempotencyKeys.checkKey(key);
        if (key == null) {
            return respond(stored(create.get()), uri, false);
        }
        String requestHash = IdempotencyKeys.hash(operation + "\n" + canonical(request));
        Optional<IdempotencyKeys.StoredAnswer> previous = keys.previous(key, requestHash);
        if (previous.isPresent()) {
            return respond(previous.get(), uri, true);
        }
        IdempotencyKeys.StoredAnswer answer = stored(create.get());
        IdempotencyKeys.StoredAnswer standing = keys.remember(key, requestHash, answer);
        return respond(standing, uri, standing != answer);
    }

    private IdempotencyKeys.StoredAnswer stored(Created created) {
        return new IdempotencyKeys.StoredAnswer(created.status(), write(created.body()), List.of(created.leadId()));
    }

    private static Response respond(IdempotencyKeys.StoredAnswer answer, UriInfo uri, boolean replayed) {
        Response.ResponseBuilder response = Response.status(answer.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(answer.body());
        if (answer.status() == 201 && answer.leadIds() != null && !answer.leadIds().isEmpty()) {
            response.location(leadUri(uri, answer.leadIds().get(0)));
        }
        if (replayed) {
            response.header(IdempotencyKeys.REPLAYED_HEADER, "true");
        }
        return response.build();
    }

    private static URI leadUri(UriInfo uri, String id) {
        return uri.getBaseUriBuilder().path("leads").path(id).build();
    }

    private static String canonical(Object request) {
        try {
            return CANONICAL.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the request", e);
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the response", e);
        }
    }
}
