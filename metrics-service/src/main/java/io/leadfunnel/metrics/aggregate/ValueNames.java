package io.leadfunnel.metrics.aggregate;

import io.leadfunnel.metrics.domain.LeadFact;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The daily counters' names that do not depend on the lead beyond its value of a grouping ({@code hubspot|c},
 * {@code hubspot|r|2}; {@code c} over every lead), made once per value and then shared, for the same reason as
 * {@link DayIds}: each is hashed once and compared by reference. Every counter a lead adds for a grouping is named by
 * {@link DailyConversion}'s scheme; the names with a variable part (times' bins, reasons, owners) are still made per
 * lead. At most {@link #VALUES_KEPT} values are kept (a grouping's vocabulary: sources, campaigns, owners...); past
 * that the cache starts again.
 */
final class ValueNames {

    static final int VALUES_KEPT = 2048;
    private static final int CHAIN = LeadFact.CHAIN.size();
    private static final int STATUSES = 4;
    private static final ConcurrentMap<String, ValueNames> BY_VALUE = new ConcurrentHashMap<>();
    /** Over every lead: no value before the counter. */
    static final ValueNames ALL = new ValueNames("");

    /** What every name starts with: the escaped value and a separator, or nothing (over every lead). */
    final String value;
    final String captured;
    final String leads;
    final String openSql;
    final String lost;
    final String won;
    final String wonAmount;
    final String wonAmountFraction;
    final String due;
    final String dueWithin;
    private final String[] reached = new String[CHAIN];
    private final String[] reentries = new String[CHAIN];
    private final String[] firstEntries = new String[CHAIN];
    private final String[] exits = new String[CHAIN];
    private final String[] statuses = new String[STATUSES];

    private ValueNames(String value) {
        this.value = value;
        captured = value + "c";
        leads = value + "n";
        openSql = value + "sql";
        lost = value + "l";
        won = value + "w";
        wonAmount = value + "a";
        wonAmountFraction = value + "af";
        due = value + "du";
        dueWithin = value + "dw";
        for (int c = 0; c < CHAIN; c++) {
            reached[c] = value + "r|" + c;
            reentries[c] = value + "e|" + c;
            firstEntries[c] = value + "f|" + c;
            exits[c] = value + "x|" + c;
        }
        for (int s = 0; s < STATUSES; s++) {
            statuses[s] = value + "s|" + s;
        }
    }

    /** The names after a lead's value of a grouping: the value escaped ({@link Counters#name}), then {@code |}. */
    static ValueNames of(String value) {
        ValueNames names = BY_VALUE.get(value);
        if (names == null) {
            if (BY_VALUE.size() >= VALUES_KEPT) {
                BY_VALUE.clear();
            }
            names = BY_VALUE.computeIfAbsent(value, v -> new ValueNames(Counters.name(v) + "|"));
        }
        return names;
    }

    /**
     * {@code |v1|...|v9}: a lead's value of every dimension, escaped, in {@link io.leadfunnel.metrics.domain.Dimension}
     * order, as the lists of leads name it ({@link OpenLeads}, {@link DailyOutcomes#contributeDueTimes});
     * {@code groupings} are the lead's names by {@link DayIds} index.
     */
    static String dimensionValues(ValueNames[] groupings) {
        StringBuilder values = new StringBuilder();
        for (int g = 1; g < groupings.length; g++) {
            values.append('|').append(groupings[g].value, 0, groupings[g].value.length() - 1);
        }
        return values.toString();
    }

    /** {@code r|c}: reached chain stage {@code c}. */
    String reached(int c) {
        return reached[c];
    }

    /** {@code e|c}: re-entries into chain stage {@code c}. */
    String reentries(int c) {
        return reentries[c];
    }

    /** {@code f|c}: first entry into chain stage {@code c}. */
    String firstEntry(int c) {
        return firstEntries[c];
    }

    /** {@code x|c}: left the funnel with chain stage {@code c} as the furthest reached. */
    String exit(int c) {
        return exits[c];
    }

    /** {@code s|k}: status {@code k} now ({@code DayCounts.status}). */
    String status(int k) {
        return statuses[k];
    }
}
