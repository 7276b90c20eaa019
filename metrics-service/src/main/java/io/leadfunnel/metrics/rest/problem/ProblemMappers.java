package io.leadfunnel.metrics.rest.problem;

import com.mongodb.MongoException;
import io.leadfunnel.metrics.service.RebuildAlreadyRunningException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Maps every failure to a problem response. */
public class ProblemMappers {

    /** What a 503 tells the client to wait: about the time MongoDB server selection gives up after. */
    static final int RETRY_AFTER_SECONDS = 2;

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

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

    /** MongoDB unreachable: the figures in memory are still served, anything that needs the store is 503. */
    @ServerExceptionMapper
    public Response database(MongoException e) {
        LOG.warnf("database unavailable: %s", e.getClass().getSimpleName());
        return Response.fromResponse(respond(new Problem(Problem.TYPE_BASE + "temporarily-unavailable",
                        "Temporarily unavailable", 503, "the metrics store is unavailable; retry later", List.of())))
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        return respond(new Problem(Problem.TYPE_BASE + (status == 404 ? "not-found" : "http-" + status),
                known == null ? "Error" : known.getReasonPhrase(), status, e.getMessage(), List.of()));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected failure", e);
        return respond(new Problem(Problem.TYPE_BASE + "internal-error", "Internal error", 500,
                "the request failed unexpectedly; it was logged", List.of()));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
