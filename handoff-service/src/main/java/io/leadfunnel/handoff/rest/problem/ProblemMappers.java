package io.leadfunnel.handoff.rest.problem;

import io.leadfunnel.handoff.domain.ChecklistIncompleteException;
import io.leadfunnel.handoff.domain.DefinitionRuleException;
import io.leadfunnel.handoff.domain.IllegalActionException;
import io.leadfunnel.handoff.domain.OwnershipDeniedException;
import io.leadfunnel.handoff.service.ActivationConflictException;
import io.leadfunnel.handoff.service.NotFoundException;
import io.leadfunnel.runtime.problem.Problem;
import io.leadfunnel.runtime.problem.ProblemException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

import static io.leadfunnel.runtime.problem.ProblemMappers.respond;

/**
 * The problem responses of handoff-service's own failures. What every service shares (problems, contention and
 * database failures as 503, unreadable JSON, unexpected errors) is mapped by the runtime's {@code ProblemMappers}.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return respond(ProblemException.notFound(e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response illegalAction(IllegalActionException e, UriInfo uri) {
        Response response = respond(new ProblemException(409, "action-not-allowed",
                "Action not allowed in this stage", e.getMessage(), List.of()), uri);
        return Response.fromResponse(response).entity(RefusedActionProblem.of((Problem) response.getEntity(),
                e.allowed().stream().sorted().map(Enum::name).toList())).build();
    }

    @ServerExceptionMapper
    public Response notYours(OwnershipDeniedException e, UriInfo uri) {
        return respond(new ProblemException(403, "not-your-handoff", "Not your hand-off", e.getMessage(), List.of()),
                uri);
    }

    @ServerExceptionMapper
    public Response checklist(ChecklistIncompleteException e, UriInfo uri) {
        return respond(new ProblemException(422, "checklist-incomplete", "Qualification checklist incomplete",
                e.getMessage(), e.missing().stream().map(item -> new Problem.FieldError("/checklist/" + item.name(),
                        "required by the agreed lead definition")).toList()), uri);
    }

    @ServerExceptionMapper
    public Response definitionRule(DefinitionRuleException e, UriInfo uri) {
        return respond(new ProblemException(409, "definition-rule", "Not allowed by the definition's life rules",
                e.getMessage(), List.of()), uri);
    }

    @ServerExceptionMapper
    public Response activationConflict(ActivationConflictException e, UriInfo uri) {
        return respond(new ProblemException(409, "concurrent-update", "Changed concurrently", e.getMessage(),
                List.of()), uri);
    }

    /** A domain value (routing table, SLA, criteria) refused itself while a request was being handled. */
    @ServerExceptionMapper
    public Response invalid(IllegalArgumentException e, UriInfo uri) {
        return respond(ProblemException.invalid(e.getMessage(), List.of()), uri);
    }
}
