package io.leadfunnel.metrics.rest.dto;

import io.leadfunnel.metrics.domain.RevenueReport;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

@Schema(name = "Revenue", description = "Deals closed in the period and the expected revenue of open SQLs: overall, "
        + "by segment always, and per value of groupBy when asked")
public record RevenueView(PeriodView period, Instant asOf, Figures overall, List<SegmentFigures> bySegment,
                          @Schema(description = "The dimension of groups, null when not grouped") String groupBy,
                          List<GroupFigures> groups) {

    @Schema(name = "RevenueFigures")
    public record Figures(
            long won,
            long lost,
            BigDecimal wonRevenue,
            @Schema(description = "Won revenue / won deals, to cents") BigDecimal averageOrder,
            @Schema(description = "won / (won + lost)") RatioView winRate,
            @Schema(description = "Leads currently at SQL") long openSql,
            @Schema(description = "Open SQLs × win rate × average deal (per segment or group; overall: the sum over segments)")
            BigDecimal expectedRevenue) {

        static Figures of(RevenueReport.Figures f) {
            return new Figures(f.won(), f.lost(), f.wonRevenue(), f.averageOrder(), RatioView.of(f.winRate()),
                    f.openSql(), f.expectedRevenue());
        }
    }

    @Schema(name = "SegmentRevenue")
    public record SegmentFigures(
            String segment,
            @Schema(description = "segment: the segment's own closed deals; overall: the segment closed none, so the "
                    + "overall win rate and average deal are used") String basis,
            Figures figures) {
    }

    @Schema(name = "GroupRevenue")
    public record GroupFigures(
            String value,
            @Schema(description = "own: the value's own closed deals; overall: the value closed none, so the overall "
                    + "win rate and average deal are used") String basis,
            Figures figures) {
    }

    public static RevenueView of(RevenueReport r) {
        return new RevenueView(PeriodView.of(r.period()), r.asOf(), Figures.of(r.overall()),
                r.bySegment().stream().map(s -> new SegmentFigures(s.segment(), s.basis(), Figures.of(s.figures())))
                        .toList(), r.groupBy() == null ? null : r.groupBy().param(),
                r.groups().stream().map(g -> new GroupFigures(g.value(), g.basis(), Figures.of(g.figures())))
                        .toList());
    }
}
