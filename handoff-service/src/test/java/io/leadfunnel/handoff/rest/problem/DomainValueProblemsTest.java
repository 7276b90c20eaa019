package io.leadfunnel.handoff.rest.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadfunnel.handoff.repository.StoredJson;
import io.leadfunnel.handoff.rest.DefinitionBody;
import io.leadfunnel.runtime.problem.JsonProblems;
import io.leadfunnel.runtime.problem.Problem;
import io.leadfunnel.runtime.problem.ProblemException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DomainValueProblemsTest {

    private final ObjectMapper mapper = StoredJson.mapper().copy();

    DomainValueProblemsTest() {
        new DomainValueProblems().customize(mapper);
    }

    @Test
    void given_a_body_whose_criteria_break_a_rule_when_read_then_the_problem_quotes_the_rule_and_points_at_the_criteria() {
        JsonProcessingException failure = catchThrowableOfType(JsonProcessingException.class, () -> mapper.readValue("""
                {"mql":{"minGrade":"E"},"sla":{"acceptWithin":"PT1H","firstContactWithin":"PT1H"},
                 "recycling":{"waitingTime":"P1D","maxRecycles":1}}""", DefinitionBody.class));

        ProblemException problem = JsonProblems.of(failure);
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.getMessage()).contains("minGrade");
        assertThat(problem.errors()).extracting(Problem.FieldError::field).containsExactly("/mql");
    }

    @Test
    void given_a_body_that_does_not_fit_its_types_when_read_then_the_runtime_answer_stays() {
        JsonProcessingException failure = catchThrowableOfType(JsonProcessingException.class,
                () -> mapper.readValue("{\"mql\":{\"minTotalScore\":\"many\"}}", DefinitionBody.class));

        ProblemException problem = JsonProblems.of(failure);
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.getMessage()).isEqualTo("must be a whole number");
    }
}
