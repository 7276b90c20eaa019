package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Stage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

    public static RevenueReport compute(List<LeadFact> all, Period period, Instant asOf) {
        return compute(all, period, asOf, null);
    }

    public static RevenueReport compute(List<LeadFact> all, Period period, Instant asOf, Dimension groupBy) {
        List<LeadFact> facts = all.stream().filter(LeadFact::counts).toList();
        Figures overallClosed = figures(facts, period, null);
        List<SegmentFigures> segments = new ArrayList<>();
        BigDecimal expectedTotal = BigDecimal.ZERO.setScale(2);
        for (Segment segment : Segment.values()) {
            List<LeadFact> inSegment = facts.stream().filter(f -> f.segment() == segment).toList();
            GroupFigures own = withExpected(segment.label(), inSegment, period, overallClosed);
            expectedTotal = expectedTotal.add(own.figures().expectedRevenue());
            segments.add(new SegmentFigures(segment.label(), own.basis().equals(OWN) ? "segment" : OVERALL,
                    own.figures()));
        }
        Figures overall = new Figures(overallClosed.won(), overallClosed.lost(), overallClosed.wonRevenue(),
                overallClosed.averageOrder(), overallClosed.winRate(), overallClosed.openSql(), expectedTotal);
        List<GroupFigures> groups = new ArrayList<>();
        if (groupBy != null) {
            Grouped.split(facts, groupBy).forEach((value, leads) ->
                    groups.add(withExpected(value, leads, period, overallClosed)));
        }
        return new RevenueReport(period, asOf, overall, segments, groupBy, List.copyOf(groups));
    }

    private static final String OWN = "own";
    private static final String OVERALL = "overall";

    /** A group's figures with its expected revenue, on its own closed deals or, when it closed none, the overall. */
    private static GroupFigures withExpected(String value, List<LeadFact> leads, Period period, Figures overall) {
        Figures own = figures(leads, period, null);
        boolean ownBasis = own.won() + own.lost() > 0;
        BigDecimal expected = expected(own.openSql(), ownBasis ? own : overall);
        return new GroupFigures(value, ownBasis ? OWN : OVERALL, new Figures(own.won(), own.lost(), own.wonRevenue(),
                own.averageOrder(), own.winRate(), own.openSql(), expected));
    }

    private static Figures figures(List<LeadFact> facts, Period period, BigDecimal expected) {
        long won = 0;
        long lost = 0;
        BigDecimal revenue = BigDecimal.ZERO.setScale(2);
        long openSql = 0;
        for (LeadFact f : facts) {
            if (f.closure() != null && period.contains(f.closure().at())) {
                if (f.closure().outcome() == Stage.WON) {
                    won++;
                    revenue = revenue.add(f.closure().amount() == null ? BigDecimal.ZERO : f.closure().amount());
                } else {
                    lost++;
                }
            }
            if (f.currentStage() == Stage.SQL) {
                openSql++;
            }
        }
        revenue = revenue.setScale(2, RoundingMode.HALF_UP);
        BigDecimal average = won == 0 ? null : revenue.divide(BigDecimal.valueOf(won), 2, RoundingMode.HALF_UP);
        return new Figures(won, lost, revenue, average, Ratio.of(won, won + lost), openSql, expected);
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
