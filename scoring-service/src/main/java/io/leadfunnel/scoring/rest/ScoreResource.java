package io.leadfunnel.scoring.rest;

import io.leadfunnel.runtime.problem.ProblemException;
import io.leadfunnel.scoring.domain.LeadScoringState;
import io.leadfunnel.scoring.domain.Score;
import io.leadfunnel.scoring.repository.LeadScoringRepository;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A lead's current scores and why. */
@Path("/scores")
@Produces(MediaType.APPLICATION_JSON)
public class ScoreResource {

    private final LeadScoringRepository states;

    public ScoreResource(LeadScoringRepository states) {
        this.states = states;
    }

    @GET
    @Path("{leadId}")
    @RolesAllowed({Roles.MARKETING, Roles.ADMIN, Roles.SALES, Roles.SALES_OPS, Roles.METRICS_READER})
    public ScoreView get(@PathParam("leadId") String leadId) {
        LeadScoringState state = states.findState(leadId)
                .orElseThrow(() -> ProblemException.notFound("lead " + leadId + " has no scores"));
        if (state.erased()) {
            throw ProblemException.notFound("lead " + leadId + " was erased");
        }
        Score score = state.score().orElseThrow(() -> ProblemException.notFound("lead " + leadId + " has no scores"));
        return ScoreView.of(leadId, score, state.scoredAt(), state.nextEvaluationAt());
    }
}
