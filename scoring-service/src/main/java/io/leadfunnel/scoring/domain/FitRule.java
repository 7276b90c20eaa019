package io.leadfunnel.scoring.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A predicate on one profile attribute worth some points (negative for disqualifiers such as free-mail or competitor
 * domains). Fields are nullable so that an invalid draft can be read and every fault reported; see
 * {@link ModelValidation}.
 *
 * @param id        rule id, unique in the model, used as the reason's rule, e.g. {@code fit.seniority.vp}
 * @param attribute one of {@link FitAttribute#names()}
 * @param match     {@code in} (value equals one of {@code values}, case-insensitive), {@code contains} (the text
 *                  contains one of {@code values} as whole words) or {@code range} ({@code min <= value <= max},
 *                  numeric attributes only)
 * @param values    the list for {@code in} and {@code contains}
 * @param min       lower bound for {@code range}, inclusive
 * @param max       upper bound for {@code range}, inclusive; null for no upper bound
 * @param points    points when the rule matches
 * @param group     rules sharing a group are exclusive: only the first matching one (in model order) counts, e.g.
 *                  seniority levels or company-size bands; null for an independent rule
 */
public record FitRule(String id, String attribute, String match, List<String> values, Double min, Double max,
                      Double points, String group) {

    public static final String IN = "in";
    public static final String CONTAINS = "contains";
    public static final String RANGE = "range";

    public FitRule {
        values = values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
    }

    public static FitRule in(String id, String attribute, double points, String group, String... values) {
        return new FitRule(id, attribute, IN, List.of(values), null, null, points, group);
    }

    public static FitRule contains(String id, String attribute, double points, String group, String... keywords) {
        return new FitRule(id, attribute, CONTAINS, List.of(keywords), null, null, points, group);
    }

    public static FitRule range(String id, String attribute, double points, String group, Double min, Double max) {
        return new FitRule(id, attribute, RANGE, List.of(), min, max, points, group);
    }
}
