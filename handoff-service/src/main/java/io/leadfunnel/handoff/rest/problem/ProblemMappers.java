package io.leadfunnel.handoff.rest.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.mongodb.MongoException;
import io.leadfunnel.handoff.domain.ChecklistIncompleteException;
import io.leadfunnel.handoff.domain.DefinitionRuleException;
import io.leadfunnel.handoff.domain.IllegalActionException;
import io.leadfunnel.handoff.domain.OwnershipDeniedException;
import io.leadfunnel.handoff.service.ConcurrentUpdateException;
import io.leadfunnel.handoff.service.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Turns every failure into an RFC 9457 problem response. */
public class ProblemMappers {

    /** What a 503 tells the client to wait: about the time MongoDB server selection gives up after. */
    static final int RETRY_AFTER_SECONDS = 2;

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return respond(new ProblemException(404, "not-found", "Not found", e.getMessage(), null, null), uri);
    }

    @ServerExceptionMapper
    public Response illegalAction(IllegalActionException e, UriInfo uri) {
        return respond(new ProblemException(409, "action-not-allowed", "Action not allowed in this stage",
                e.getMessage(), null, e.allowed().stream().sorted().map(Enum::name).toList()), uri);
    }

    @ServerExceptionMapper
    public Response notYours(OwnershipDeniedException e, UriInfo uri) {
        return respond(new ProblemException(403, "not-your-handoff", "Not your hand-off", e.getMessage(), null, null),
                uri);
    }

    @ServerExceptionMapper
    public Response checklist(ChecklistIncompleteException e, UriInfo uri) {
        return respond(new ProblemException(422, "checklist-incomplete", "Qualification checklist incomplete",
                e.getMessage(), e.missing().stream().map(item -> new Problem.FieldError("/checklist/" + item.name(),
                        "required by the agreed lead definition")).toList(), null), uri);
    }

    @ServerExceptionMapper
    public Response definitionRule(DefinitionRuleException e, UriInfo uri) {
        return respond(new ProblemException(409, "definition-rule", "Not allowed by the definition's life rules",
                e.getMessage(), null, null), uri);
    }

    @ServerExceptionMapper
    public Response concurrent(ConcurrentUpdateException e, UriInfo uri) {
        return respond(new ProblemException(409, "concurrent-update", "Changed concurrently", e.getMessage(), null,
                null), uri);
    }

    @ServerExceptionMapper
    public Response invalid(IllegalArgumentException e, UriInfo uri) {
        return respond(new ProblemException(400, "invalid-request", "Invalid request", e.getMessage(), null, null),
                uri);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        String field = null;
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            StringBuilder pointer = new StringBuilder();
            for (JsonMappingException.Reference ref : mapping.getPath()) {
                pointer.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : ref.getIndex());
            }
            field = pointer.toString();
        }
        Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : null;
        String detail = cause != null ? cause.getMessage() : e.getOriginalMessage();
        return respond(new ProblemException(400, "malformed-request", "Malformed request", detail,
                field == null ? null : List.of(new Problem.FieldError(field, detail)), null), uri);
    }

    @ServerExceptionMapper
    public Response database(MongoException e, UriInfo uri) {
        LOG.warnf("database unavailable: %s", e.getClass().getSimpleName());
        return Response.fromResponse(respond(new ProblemException(503, "temporarily-unavailable",
                "Temporarily unavailable",
                "the lifecycle store is unavailable; retry later", null, null), uri))
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json, uri);
        }
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        return respond(new ProblemException(status, "http-" + status, known == null ? "Error" : known.getReasonPhrase(),
                e.getMessage(), null, null), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.error("unexpected failure", e);
        return respond(new ProblemException(500, "internal-error", "Internal error",
                "the request failed unexpectedly; it was logged", null, null), uri);
    }

    static Response respond(ProblemException e, UriInfo uri) {
        Problem body = new Problem(Problem.TYPE_BASE + e.kind(), e.title(), e.status(), e.getMessage(),
                uri == null ? null : uri.getRequestUri().getRawPath(), e.errors().isEmpty() ? null : e.errors(),
                e.allowedActions());
        return Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(body).build();
    }
}
