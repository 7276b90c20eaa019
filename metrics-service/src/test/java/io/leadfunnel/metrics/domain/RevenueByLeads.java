package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.domain.RevenueReport.Figures;
import io.leadfunnel.metrics.domain.RevenueReport.GroupFigures;
import io.leadfunnel.metrics.domain.RevenueReport.SegmentFigures;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Revenue read lead by lead from the facts, as the definition states it ({@link RevenueReport}): what the report from
 * daily counts is held to.
 */
final class RevenueByLeads {

    private RevenueByLeads() {
    }

    static RevenueReport compute(List<LeadFact> all, Period period, Instant asOf, Dimension groupBy) {
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
