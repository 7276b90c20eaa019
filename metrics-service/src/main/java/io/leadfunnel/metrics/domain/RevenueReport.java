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
        Figures overallClosed = figures(days.overall().values(), openSql.overall());
        List<SegmentFigures> segments = new ArrayList<>();
        BigDecimal expectedTotal = BigDecimal.ZERO.setScale(2);
        Map<String, List<DayCounts>> bySegment = perValue(days, Dimension.SEGMENT);
        for (Segment segment : Segment.values()) {
            GroupFigures own = withExpected(segment.label(), figures(bySegment.getOrDefault(segment.label(), List.of()),
                    openSql.byDimension().get(Dimension.SEGMENT).getOrDefault(segment.label(), 0L)), overallClosed);
            expectedTotal = expectedTotal.add(own.figures().expectedRevenue());
            segments.add(new SegmentFigures(segment.label(), own.basis().equals(OWN) ? "segment" : OVERALL,
                    own.figures()));
        }
        Figures overall = new Figures(overallClosed.won(), overallClosed.lost(), overallClosed.wonRevenue(),
                overallClosed.averageOrder(), overallClosed.winRate(), overallClosed.openSql(), expectedTotal);
        List<GroupFigures> groups = new ArrayList<>();
        if (groupBy != null) {
            Map<String, List<DayCounts>> byValue = perValue(days, groupBy);
            Map<String, Long> open = openSql.byDimension().get(groupBy);
            Set<String> values = new TreeSet<>(byValue.keySet());
            values.addAll(open.keySet());
            for (String value : values) {
                groups.add(withExpected(value, figures(byValue.getOrDefault(value, List.of()),
                        open.getOrDefault(value, 0L)), overallClosed));
            }
        }
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
        revenue = revenue.setScale(2, RoundingMode.HALF_UP);
        BigDecimal average = won == 0 ? null : revenue.divide(BigDecimal.valueOf(won), 2, RoundingMode.HALF_UP);
        return new Figures(won, lost, revenue, average, Ratio.of(won, won + lost), openSql, null);
    }

    private static BigDecimal expected(long openSql, Figures basis) {
        long closed = basis.won() + basis.lost();
        if (closed == 0) {
            return BigDecimal.ZERO.setScale(2);
        }
        return basis.wonRevenue().multiply(BigDecimal.valueOf(openSql))
                .divide(BigDecimal.valueOf(closed), 2, RoundingMode.HALF_UP);
    }
}
