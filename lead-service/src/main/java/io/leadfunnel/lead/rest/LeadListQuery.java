package io.leadfunnel.lead.rest;

import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.Stage;
import io.leadfunnel.lead.repository.LeadQuery;
import io.leadfunnel.runtime.problem.Problem;
import io.leadfunnel.runtime.problem.ProblemException;
import jakarta.ws.rs.core.MultivaluedMap;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The query parameters of {@code GET /leads}, checked. Every parameter at fault is named in one 400; a parameter the
 * endpoint does not know is refused too, so a typo ({@code stag=MQL}) never silently lists every lead.
 *
 * @param query the search, positioned after the cursor
 * @param limit leads per page
 */
record LeadListQuery(LeadQuery query, int limit) {

    static final String STAGE = "stage";
    static final String SOURCE = "source";
    static final String OWNER = "owner";
    static final String CAMPAIGN = "campaign";
    static final String CREATED_FROM = "createdFrom";
    static final String CREATED_TO = "createdTo";
    static final String TEXT = "q";
    static final String INCLUDE_INACTIVE = "includeInactive";
    static final String CURSOR = "cursor";
    static final String LIMIT = "limit";

    private static final Set<String> KNOWN = Set.of(STAGE, SOURCE, OWNER, CAMPAIGN, CREATED_FROM, CREATED_TO, TEXT,
            INCLUDE_INACTIVE, CURSOR, LIMIT);
    private static final Set<String> MULTI_VALUED = Set.of(STAGE, SOURCE);
    /** Longest free-text search accepted. */
    static final int MAX_TEXT = 200;
    /** Longest owner or campaign value accepted. */
    static final int MAX_VALUE = 500;

    /**
     * Reads the parameters.
     *
     * @throws ProblemException 400 naming every parameter at fault
     */
    static LeadListQuery parse(MultivaluedMap<String, String> params, int defaultLimit, int maxLimit) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (String name : params.keySet()) {
            if (!KNOWN.contains(name)) {
                errors.add(new Problem.FieldError(name, "unknown query parameter; known are "
                        + KNOWN.stream().sorted().collect(Collectors.joining(", "))));
            } else if (!MULTI_VALUED.contains(name) && params.get(name).size() > 1) {
                errors.add(new Problem.FieldError(name, "may be given only once"));
            }
        }
        Set<Stage> stages = enums(params, STAGE, Stage.class, errors);
        Set<LeadSource> sources = enums(params, SOURCE, LeadSource.class, errors);
        String owner = text(params, OWNER, MAX_VALUE, errors);
        String campaign = text(params, CAMPAIGN, MAX_VALUE, errors);
        String q = text(params, TEXT, MAX_TEXT, errors);
        Instant from = instant(params, CREATED_FROM, errors);
        Instant to = instant(params, CREATED_TO, errors);
        if (from != null && to != null && !from.isBefore(to)) {
            errors.add(new Problem.FieldError(CREATED_TO, "must be after createdFrom"));
        }
        boolean includeInactive = bool(params, INCLUDE_INACTIVE, errors);
        LeadQuery.Position after = null;
        String cursor = params.getFirst(CURSOR);
        if (cursor != null) {
            after = LeadCursor.decode(cursor).orElse(null);
            if (after == null) {
                errors.add(new Problem.FieldError(CURSOR, "not a cursor from this API; pass nextCursor unchanged"));
            }
        }
        int limit = limit(params.getFirst(LIMIT), defaultLimit, maxLimit, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors.stream().map(e -> e.field() + ": " + e.detail())
                    .collect(Collectors.joining("; ")), errors);
        }
        return new LeadListQuery(new LeadQuery(stages, sources, owner, campaign, from, to, q, includeInactive, after),
                limit);
    }

    private static <E extends Enum<E>> Set<E> enums(MultivaluedMap<String, String> params, String name,
                                                    Class<E> type, List<Problem.FieldError> errors) {
        Set<E> values = EnumSet.noneOf(type);
        List<String> given = params.get(name);
        if (given == null) {
            return values;
        }
        for (String value : given) {
            for (String part : value.split(",", -1)) {
                ProfileInput.enumValue(type, part).ifPresentOrElse(values::add,
                        () -> errors.add(new Problem.FieldError(name, "'" + abbreviate(part) + "' is not one of "
                                + Arrays.stream(type.getEnumConstants()).map(Enum::name)
                                .collect(Collectors.joining(", ")))));
            }
        }
        return values;
    }

    private static String text(MultivaluedMap<String, String> params, String name, int max,
                               List<Problem.FieldError> errors) {
        String value = params.getFirst(name);
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            errors.add(new Problem.FieldError(name, "must not be blank"));
            return null;
        }
        if (value.length() > max) {
            errors.add(new Problem.FieldError(name, "longer than " + max + " characters"));
            return null;
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            // a NUL cannot even be part of a stored regular expression; no searched value holds control characters
            errors.add(new Problem.FieldError(name, "must not contain control characters"));
            return null;
        }
        return value.trim();
    }

    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private static Instant instant(MultivaluedMap<String, String> params, String name,
                                   List<Problem.FieldError> errors) {
        String value = params.getFirst(name);
        if (value == null) {
            return null;
        }
        try {
            Instant instant = value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(value).toInstant();
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                // beyond what a stored date can hold; no lead was created then
                errors.add(new Problem.FieldError(name, "must lie between 1900 and 9999"));
                return null;
            }
            return instant;
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(name,
                    "must be an ISO-8601 date (2026-03-01) or timestamp with offset (2026-03-01T00:00:00Z)"));
            return null;
        }
    }

    private static boolean bool(MultivaluedMap<String, String> params, String name, List<Problem.FieldError> errors) {
        String value = params.getFirst(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        errors.add(new Problem.FieldError(name, "must be true or false"));
        return false;
    }

    private static int limit(String value, int defaultLimit, int maxLimit, List<Problem.FieldError> errors) {
        if (value == null) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= maxLimit) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new Problem.FieldError(LIMIT, "must be a whole number from 1 to " + maxLimit));
        return defaultLimit;
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
