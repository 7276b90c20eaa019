package io.leadfunnel.lead.rest.problem;

import io.leadfunnel.lead.domain.LeadNotActiveException;
import io.leadfunnel.lead.service.EmailTakenException;
import io.leadfunnel.lead.service.LeadExistsException;
import io.leadfunnel.lead.service.LeadNotFoundException;
import io.leadfunnel.runtime.problem.Problem;
import io.leadfunnel.runtime.problem.ProblemException;
import io.leadfunnel.runtime.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Problem responses for lead-service's own refusals. Every other failure (database, contention, unreadable JSON,
 * bugs) is answered by the runtime's {@link ProblemMappers}.
 */
public class LeadProblemMappers {

    @ServerExceptionMapper
    public Response notFound(LeadNotFoundException e, UriInfo uri) {
        return ProblemMappers.respond(ProblemException.notFound(e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response notActive(LeadNotActiveException e, UriInfo uri) {
        return ProblemMappers.respond(ProblemException.conflict(e.getMessage(), null), uri);
    }

    @ServerExceptionMapper
    public Response emailTaken(EmailTakenException e, UriInfo uri) {
        return ProblemMappers.respond(new ProblemException(409, "email-taken", "E-mail belongs to another lead",
                e.getMessage() + "; the two are the same person only if merged in the CRM",
                List.of(new Problem.FieldError("email", e.getMessage()))), uri);
    }

    @ServerExceptionMapper
    public Response leadExists(LeadExistsException e, UriInfo uri) {
        String existing = e.existingLeadId();
        URI lead = uri.getBaseUriBuilder().path("leads").path(existing).build();
        return ProblemMappers.respond(new ProblemException(409, "lead-exists", "Lead already exists",
                e.getMessage() + "; change that lead with PATCH /leads/" + existing,
                List.of(new Problem.FieldError("email", e.getMessage())),
                Map.of("Link", "<" + lead + ">; rel=\"related\"")), uri);
    }
}
