package io.leadfunnel.metrics.rest.problem;

import io.leadfunnel.metrics.service.RebuildAlreadyRunningException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Maps the service's exceptions to problem responses. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalidQuery(InvalidQueryException e) {
        return respond(new Problem(Problem.TYPE_BASE + "invalid-query", "Invalid query parameter", 400,
                e.getMessage(), List.of(new Problem.FieldError(e.field(), e.getMessage()))));
    }

    @ServerExceptionMapper
    public Response rebuildRunning(RebuildAlreadyRunningException e) {
        return respond(new Problem(Problem.TYPE_BASE + "rebuild-running", "A rebuild is already running", 409,
                e.getMessage(), List.of()));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
