package io.leadfunnel.runtime.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The problem for a body Jackson could not read: a syntax error is a malformed request; a value that does not fit its
 * field is an invalid request naming the field (JSON-pointer style for nested values).
 */
public final class JsonProblems {

    private JsonProblems() {
    }

    /** The problem {@code e} stands for. */
    public static ProblemException of(JsonProcessingException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ProblemException problem) {
                return problem; // raised while the body was read (e.g. over the size limit); Jackson wrapped it
            }
        }
        if (!(e instanceof DatabindException)) {
            String location = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            return ProblemException.malformed("the body is not valid JSON" + location, null);
        }
        String field = e instanceof JsonMappingException m ? pointer(m.getPath()) : "";
        if (field.isEmpty()) {
            return ProblemException.malformed("the body does not have the expected shape: a JSON object is expected",
                    null);
        }
        return ProblemException.invalidField(field, expectation(e));
    }

    private static String expectation(JsonProcessingException e) {
        Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        if (target == null) {
            return "has the wrong type";
        }
        if (target.isEnum()) {
            return "must be one of " + Arrays.stream(target.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (Temporal.class.isAssignableFrom(target)) {
            return "must be an ISO-8601 timestamp with offset, e.g. 2026-03-04T08:45:00Z";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "must be a whole number";
        }
        if (target == String.class) {
            return "must be a string";
        }
        if (Map.class.isAssignableFrom(target)) {
            return "must be a JSON object";
        }
        if (e instanceof InvalidFormatException) {
            return "has an invalid value";
        }
        return "has the wrong type";
    }

    private static String pointer(List<JsonMappingException.Reference> path) {
        List<String> parts = new ArrayList<>();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                parts.add(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                parts.add(Integer.toString(ref.getIndex()));
            }
        }
        return String.join("/", parts);
    }
}
