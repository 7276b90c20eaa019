package io.leadfunnel.metrics.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A report over every counting lead and, when grouped, the same report over the leads of each value of one dimension
 * (a lead's value is its current one: latest owner, team, profile and score). Values are listed in sorted order, as
 * {@link ConversionReport} lists its groups; a value no counting lead has is not listed.
 *
 * @param all       the report over every counting lead
 * @param dimension what the groups are by, null when not grouped
 * @param groups    one report per value, empty when not grouped
 */
public record Grouped<R>(R all, Dimension dimension, List<Group<R>> groups) {

    public record Group<R>(String value, R report) {
    }

    public Grouped {
        groups = List.copyOf(groups);
    }

    /** {@code report} over every lead, and over each value's leads when {@code dimension} is given. */
    public static <R> Grouped<R> of(List<LeadFact> facts, Dimension dimension, Function<List<LeadFact>, R> report) {
        return of(report.apply(facts), facts, dimension, report);
    }

    /** {@code all}, already computed over every lead, and {@code report} over each value's leads. */
    public static <R> Grouped<R> of(R all, List<LeadFact> facts, Dimension dimension,
                                    Function<List<LeadFact>, R> report) {
        if (dimension == null) {
            return new Grouped<>(all, null, List.of());
        }
        List<Group<R>> groups = new ArrayList<>();
        split(facts, dimension).forEach((value, leads) -> groups.add(new Group<>(value, report.apply(leads))));
        return new Grouped<>(all, dimension, groups);
    }

    /** The counting leads by their value of {@code dimension}, in value order. */
    public static Map<String, List<LeadFact>> split(List<LeadFact> facts, Dimension dimension) {
        Map<String, List<LeadFact>> byValue = new TreeMap<>();
        for (LeadFact f : facts) {
            if (f.counts()) {
                byValue.computeIfAbsent(dimension.valueOf(f), v -> new ArrayList<>()).add(f);
            }
        }
        return byValue;
    }
}
