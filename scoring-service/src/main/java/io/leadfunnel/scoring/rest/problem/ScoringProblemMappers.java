package io.leadfunnel.scoring.rest.problem;

import io.leadfunnel.runtime.problem.Problem;
import io.leadfunnel.runtime.problem.ProblemException;
import io.leadfunnel.runtime.problem.ProblemMappers;
import io.leadfunnel.scoring.service.ModelActivation;
import io.leadfunnel.scoring.service.ModelCatalog;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Problem responses for scoring-service's own exceptions; every other failure is mapped by funnel-runtime. */
public class ScoringProblemMappers {

    /** 422 {@code invalid-model}: naming every invalid field of the model. */
    @ServerExceptionMapper
    public Response invalidModel(ModelCatalog.InvalidModelException e, UriInfo uri) {
        return ProblemMappers.respond(new ProblemException(422, "invalid-model", "Invalid scoring model",
                e.faults().size() + " field(s) of the model are invalid",
                e.faults().stream().map(f -> new Problem.FieldError(f.field(), f.detail())).toList()), uri);
    }

    /** 409 {@code conflict}: the version is already active (and its re-scoring did not fail). */
    @ServerExceptionMapper
    public Response alreadyActive(ModelActivation.AlreadyActiveException e, UriInfo uri) {
        return ProblemMappers.respond(ProblemException.conflict(e.getMessage(), null), uri);
    }
}
