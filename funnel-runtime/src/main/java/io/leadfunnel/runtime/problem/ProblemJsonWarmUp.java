package io.leadfunnel.runtime.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;

/**
 * Writes one problem response through the REST layer's mapper at start, so its serializer exists before the first
 * refusal. Problems come in bursts (a sender that times out, a store that is down), and the first use of a type builds
 * its serializer under the mapper's cache lock while every other request thread answering a problem waits for it:
 * under load that was over half a second per waiting request.
 */
@ApplicationScoped
class ProblemJsonWarmUp {

    void warmUp(@Observes StartupEvent startup, ObjectMapper mapper) throws JsonProcessingException {
        mapper.writeValueAsString(new Problem(Problem.TYPE_BASE + "internal-error", "Internal error", 500, "warm-up",
                "/", List.of(new Problem.FieldError("field", "warm-up")), "reference"));
    }
}
