package io.leadfunnel.metrics.rest.dto;

import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.domain.VelocityReport;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

@Schema(name = "Velocity", description = "Time in each chain stage for the leads captured in the period that moved on "
        + "(converters only), and the lead-to-won cycle time")
public record VelocityView(String definition, PeriodView period, List<StageVelocity> stages,
                           @Schema(description = "First LEAD entry to first WON entry") PeriodView.DurationView leadToWon) {

    @Schema(name = "StageVelocity")
    public record StageVelocity(Stage stage, Stage next, PeriodView.DurationView timeInStage) {
    }

    public static VelocityView of(VelocityReport r) {
        return new VelocityView(r.definition(), PeriodView.of(r.period()),
                r.stages().stream().map(s -> new StageVelocity(s.stage(), s.next(),
                        PeriodView.DurationView.of(s.timeInStage()))).toList(),
                PeriodView.DurationView.of(r.leadToWon()));
    }
}
