package io.leadfunnel.handoff.rest.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.leadfunnel.runtime.problem.Problem;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** The RFC 9457 problem of a sales action the lead's stage does not allow, with the actions it does allow. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "RefusedActionProblem", description = "RFC 9457 problem details of a refused sales action")
public record RefusedActionProblem(
        @Schema(description = "URI identifying the kind of problem") String type,
        @Schema(description = "Short summary of the kind of problem") String title,
        @Schema(description = "HTTP status code") int status,
        @Schema(description = "What went wrong with this request") String detail,
        @Schema(description = "The request path") String instance,
        @Schema(description = "The actions the lead's stage allows") List<String> allowedActions) {

    static RefusedActionProblem of(Problem problem, List<String> allowedActions) {
        return new RefusedActionProblem(problem.type(), problem.title(), problem.status(), problem.detail(),
                problem.instance(), allowedActions);
    }
}
