package io.leadfunnel.metrics.rest.dto;

import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.domain.DropOffReport;
import io.leadfunnel.metrics.domain.Grouped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

@Schema(name = "DropOff", description = "Where leads leave the funnel; per value of groupBy when asked")
public record DropOffView(
        PeriodView period,
        Instant asOf,
        @Schema(description = "Moves to RECYCLED in the period: source → reason → count") Map<String, Map<String, Long>> rejectionsBySource,
        @Schema(description = "Moves to DISQUALIFIED in the period by reason") Map<String, Long> disqualificationReasons,
        @Schema(description = "Deals lost in the period by reason") Map<String, Long> lossReasons,
        @Schema(description = "The period's leads now LOST, RECYCLED or DISQUALIFIED, by the furthest chain stage they "
                + "reached") Map<Stage, Long> exitsAfterStage,
        Duration stuckAfter,
        @Schema(description = "Open leads in their current stage for longer than stuckAfter as of asOf") List<StuckStage> stuck,
        @Schema(description = "The dimension of groups, null when not grouped") String groupBy,
        List<Group> groups) {

    @Schema(name = "StuckStage")
    public record StuckStage(
            Stage stage,
            @Schema(description = "Stuck leads in the stage") long count,
            @Schema(description = "The 100 of them stuck longest (earliest entry into the stage, then lead id), in "
                    + "lead-id order; all of them when there are no more") List<String> leadIds) {
    }

    @Schema(name = "DropOffGroup", description = "The drop-off of the leads with one value of groupBy")
    public record Group(String value, Map<String, Map<String, Long>> rejectionsBySource,
                        Map<String, Long> disqualificationReasons, Map<String, Long> lossReasons,
                        Map<Stage, Long> exitsAfterStage, List<StuckStage> stuck) {
    }

    public static DropOffView of(Grouped<DropOffReport> grouped) {
        DropOffReport r = grouped.all();
        return new DropOffView(PeriodView.of(r.period()), r.asOf(), r.rejectionsBySource(),
                r.disqualificationReasons(), r.lossReasons(), r.exitsAfterStage(), r.stuckAfter(), stuck(r),
                grouped.dimension() == null ? null : grouped.dimension().param(),
                grouped.groups().stream().map(g -> new Group(g.value(), g.report().rejectionsBySource(),
                        g.report().disqualificationReasons(), g.report().lossReasons(),
                        g.report().exitsAfterStage(), stuck(g.report()))).toList());
    }

    private static List<StuckStage> stuck(DropOffReport r) {
        return r.stuck().stream().map(s -> new StuckStage(s.stage(), s.count(), s.leadIds())).toList();
    }
}
