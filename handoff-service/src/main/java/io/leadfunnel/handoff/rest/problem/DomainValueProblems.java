package io.leadfunnel.handoff.rest.problem;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import io.leadfunnel.runtime.problem.ProblemException;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Request bodies reuse the domain's value records (criteria, SLA, routing rules), which refuse invalid content with an
 * {@link IllegalArgumentException} naming the rule. This turns that refusal into a 400 problem that quotes the rule and
 * points at the value ({@code /mql}, {@code /rules/1/when}), instead of a bare "has an invalid value".
 */
@Singleton
public class DomainValueProblems implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.addHandler(new Handler());
    }

    static final class Handler extends DeserializationProblemHandler {

        @Override
        public Object handleInstantiationProblem(DeserializationContext ctxt, Class<?> instClass, Object argument,
                                                 Throwable t) {
            if (t instanceof ProblemException problem) {
                throw problem; // handed back by an enclosing value's creator
            }
            Throwable cause = t instanceof IllegalArgumentException ? t : t.getCause();
            if (!(cause instanceof IllegalArgumentException rule) || rule.getMessage() == null) {
                return NOT_HANDLED;
            }
            // at the value's end the parser's context names the field that held it
            String pointer = ctxt.getParser().getParsingContext().pathAsPointer().toString();
            throw ProblemException.invalidField(pointer.isEmpty() ? "/" : pointer, rule.getMessage());
        }
    }
}
