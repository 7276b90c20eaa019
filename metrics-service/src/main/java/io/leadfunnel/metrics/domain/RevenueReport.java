package io.leadfunnel.metrics.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Revenue of the deals closed in the period, and the expected revenue of the open pipeline as of {@code asOf}.
 * Expected revenue of a segment = its open SQLs × its win rate × its average deal, with the segment's own closed deals
 * of the period, or the overall ones when the segment closed none (basis {@code overall}). Since win rate × average
 * deal = won revenue / (won + lost), that is open SQLs × won revenue / closed deals, rounded half-up to cents.
 * Amounts are assumed to be in one currency.
 *
 * <p>Grouped by another dimension ({@code groupBy}), each value's figures are computed the same way from that value's
 * leads, with the overall closed deals as the basis when the value closed none. The overall figures and the segment
 * figures stay as they are, whatever the grouping: the overall expected revenue is always the sum over segments.
 *
 * @param groupBy the dimension of {@code groups}, null when not grouped
 * @param groups  the figures per value of {@code groupBy}, in value order; empty when not grouped
 */
public record RevenueReport(Period period, Instant asOf, Figures overall, List<SegmentFigures> bySegment,
                            Dimension groupBy, List<GroupFigures> groups) {

    /**
     * @param wonRevenue   sum of won amounts
     * @param averageOrder won revenue / won deals, to cents
     * @param winRate      won / (won + lost)
     * @param openSql      leads currently at SQL
     */
    public record Figures(long won, long lost, BigDecimal wonRevenue, BigDecimal averageOrder, Ratio winRate,
                          long openSql, BigDecimal expectedRevenue) {
    }

    public record SegmentFigures(String segment, String basis, Figures figures) {
    }

    /** @param basis {@code own}: the value's own closed deals; {@code overall}: it closed none */
    public record GroupFigures(String value, String basis, Figures figures) {
    }

    /**
     * Revenue from daily counts: the deals closed on the period's days, the open SQLs now; by segment always, and per
     * value of {@code groupBy} when given (every value a counting lead has).
     */
    public static RevenueReport compute(DailyCounts counts, Period period, Instant asOf, Dimension groupBy) {
        Set<Dimension> dimensions = new LinkedHashSet<>(List.of(Dimension.SEGMENT));
        if (groupBy != null) {
            dimensions.add(groupBy);
        }
        DailyCounts.Days days = counts.read(period, dimensions, EnumSet.of(DailyCounts.Part.CLOSURES));
        DailyCounts.Current openSql = counts.openSql(dimensions);
        Map<String, List<DayCounts>> bySegment = perValue(days, Dimension.SEGMENT);
        Map<String, Long> openBySegment = openSql.byDimension().get(Dimension.SEGMENT);
        Map<String, Figures> byValue = new TreeMap<>();
        if (groupBy != null) {
            Map<String, List<DayCounts>> closedByValue = perValue(days, groupBy);
            Map<String, Long> open = openSql.byDimension().get(groupBy);
            Set<String> values = new TreeSet<>(closedByValue.keySet());
            values.addAll(open.keySet());
            values.forEach(value -> byValue.put(value, figures(closedByValue.getOrDefault(value, List.of()),
                    open.getOrDefault(value, 0L))));
        }
        return of(period, asOf, figures(days.overall().values(), openSql.overall()),
                segment -> figures(bySegment.getOrDefault(segment.label(), List.of()),
                        openBySegment.getOrDefault(segment.label(), 0L)), groupBy, byValue);
    }

    /**
     * The report from the closed deals' figures overall, of each segment and of each value of {@code groupBy}
     * (without expected revenue): each gets its expected revenue on its own basis or the overall one, and the overall
     * expected revenue is the sum over segments.
     */
    static RevenueReport of(Period period, Instant asOf, Figures overallClosed, Function<Segment, Figures> ofSegment,
                            Dimension groupBy, Map<String, Figures> byValue) {
        List<SegmentFigures> segments = new ArrayList<>();
        BigDecimal expectedTotal = BigDecimal.ZERO.setScale(2);
        for (Segment segment : Segment.values()) {
            GroupFigures own = withExpected(segment.label(), ofSegment.apply(segment), overallClosed);
            expectedTotal = expectedTotal.add(own.figures().expectedRevenue());
            segments.add(new SegmentFigures(segment.label(), own.basis().equals(OWN) ? "segment" : OVERALL,
                    own.figures()));
        }
        Figures overall = new Figures(overallClosed.won(), overallClosed.lost(), overallClosed.wonRevenue(),
                overallClosed.averageOrder(), overallClosed.winRate(), overallClosed.openSql(), expectedTotal);
        List<GroupFigures> groups = new ArrayList<>();
        byValue.forEach((value, own) -> groups.add(withExpected(value, own, overallClosed)));
        return new RevenueReport(period, asOf, overall, segments, groupBy, List.copyOf(groups));
    }

    private static Map<String, List<DayCounts>> perValue(DailyCounts.Days days, Dimension dimension) {
        Map<String, List<DayCounts>> perValue = new TreeMap<>();
        days.byValue(dimension).values().forEach(values -> values.forEach((value, day) ->
                perValue.computeIfAbsent(value, v -> new ArrayList<>()).add(day)));
        return perValue;
    }

    private static final String OWN = "own";
    private static final String OVERALL = "overall";

    /** A group's figures with its expected revenue, on its own closed deals or, when it closed none, the overall. */
    private static GroupFigures withExpected(String value, Figures own, Figures overall) {
        boolean ownBasis = own.won() + own.lost() > 0;
        BigDecimal expected = expected(own.openSql(), ownBasis ? own : overall);
        return new GroupFigures(value, ownBasis ? OWN : OVERALL, new Figures(own.won(), own.lost(), own.wonRevenue(),
                own.averageOrder(), own.winRate(), own.openSql(), expected));
    }

    /** The figures of the deals closed on these days, with the open SQLs now; no expected revenue yet. */
    private static Figures figures(Collection<DayCounts> days, long openSql) {
        long won = 0;
        long lost = 0;
        BigDecimal revenue = BigDecimal.ZERO.setScale(2);
        for (DayCounts day : days) {
            won += day.won;
            lost += day.lost;
            revenue = revenue.add(day.wonRevenue());
        }
        return closed(won, lost, revenue, openSql);
    }

    /** Figures from the closed deals' counts and exact won revenue, rounded to cents; no expected revenue yet. */
    static Figures closed(long won, long lost, BigDecimal wonRevenue, long openSql) {
        BigDecimal revenue = wonRevenue.setScale(2, RoundingMode.HALF_UP);
        BigDecimal average = won == 0 ? null : revenue.divide(BigDecimal.valueOf(won), 2, RoundingMode.HALF_UP);
        return new Figures(won, lost, revenue, average, Ratio.of(won, won + lost), openSql, null);
    }

    /** Open SQLs × won revenue / closed deals of the basis, to cents. */
    static BigDecimal expected(long openSql, Figures basis) {
        long closed = basis.won() + basis.lost();
        if (closed == 0) {
            return BigDecimal.ZERO.setScale(2);
        }
        return basis.wonRevenue().multiply(BigDecimal.valueOf(openSql))
                .divide(BigDecimal.valueOf(closed), 2, RoundingMode.HALF_UP);
    }
}
