package io.leadfunnel.metrics.rest.dto;

import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.domain.Grouped;
import io.leadfunnel.metrics.domain.VelocityReport;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

@Schema(name = "Velocity", description = "Time in each chain stage for the leads captured in the period that moved on "
        + "(converters only), and the lead-to-won cycle time; per value of groupBy when asked")
public record VelocityView(String definition, PeriodView period, List<StageVelocity> stages,
                           @Schema(description = "First LEAD entry to first WON entry") PeriodView.DurationView leadToWon,
                           @Schema(description = "The dimension of groups, null when not grouped") String groupBy,
                           List<Group> groups) {

    @Schema(name = "StageVelocity")
    public record StageVelocity(Stage stage, Stage next, PeriodView.DurationView timeInStage) {
    }

    @Schema(name = "VelocityGroup", description = "The velocity of the leads with one value of groupBy")
    public record Group(String value, List<StageVelocity> stages, PeriodView.DurationView leadToWon) {
    }

    public static VelocityView of(Grouped<VelocityReport> grouped) {
        VelocityReport r = grouped.all();
        return new VelocityView(r.definition(), PeriodView.of(r.period()), stages(r), PeriodView.DurationView.of(
                r.leadToWon()), grouped.dimension() == null ? null : grouped.dimension().param(),
                grouped.groups().stream().map(g -> new Group(g.value(), stages(g.report()),
                        PeriodView.DurationView.of(g.report().leadToWon()))).toList());
    }

    private static List<StageVelocity> stages(VelocityReport r) {
        return r.stages().stream().map(s -> new StageVelocity(s.stage(), s.next(),
                PeriodView.DurationView.of(s.timeInStage()))).toList();
    }
}
