package io.leadfunnel.metrics.rest.problem;

import io.leadfunnel.metrics.service.RebuildAlreadyRunningException;
import io.leadfunnel.runtime.problem.Problem;
import io.leadfunnel.runtime.problem.ProblemException;
import io.leadfunnel.runtime.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Problem responses for metrics-service's own exceptions; every other failure is mapped by funnel-runtime. */
public class MetricsProblemMappers {

    /** 400 {@code invalid-query}: naming the query parameter at fault. */
    @ServerExceptionMapper
    public Response invalidQuery(InvalidQueryException e, UriInfo uri) {
        return ProblemMappers.respond(new ProblemException(400, "invalid-query", "Invalid query parameter",
                e.getMessage(), List.of(new Problem.FieldError(e.field(), e.getMessage()))), uri);
    }

    /** 409 {@code rebuild-running}: one rebuild at a time. */
    @ServerExceptionMapper
    public Response rebuildRunning(RebuildAlreadyRunningException e, UriInfo uri) {
        return ProblemMappers.respond(new ProblemException(409, "rebuild-running", "A rebuild is already running",
                e.getMessage(), List.of()), uri);
    }
}
