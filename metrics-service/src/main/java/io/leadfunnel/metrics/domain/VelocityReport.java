package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Stage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Time in each chain stage for the leads captured in the period that moved on (converters only): from the first
 * entry into the stage to the first entry into the next chain stage. Cycle time: first LEAD entry to first WON entry.
 */
public record VelocityReport(String definition, Period period, List<StageVelocity> stages, DurationStats leadToWon) {

    public record StageVelocity(Stage stage, Stage next, DurationStats timeInStage) {
    }

    public static VelocityReport compute(List<LeadFact> facts, Period period) {
        List<LeadFact> cohort = ConversionReport.capturedIn(facts, period);
        List<StageVelocity> stages = new ArrayList<>();
        for (int i = 0; i + 1 < LeadFact.CHAIN.size(); i++) {
            Stage stage = LeadFact.CHAIN.get(i);
            Stage next = LeadFact.CHAIN.get(i + 1);
            List<Duration> durations = new ArrayList<>();
            for (LeadFact f : cohort) {
                f.between(stage, next).ifPresent(durations::add);
            }
            stages.add(new StageVelocity(stage, next, DurationStats.of(durations)));
        }
        List<Duration> cycle = new ArrayList<>();
        for (LeadFact f : cohort) {
            Instant lead = f.firstEntry(Stage.LEAD).orElse(null);
            Instant won = f.firstEntry(Stage.WON).orElse(null);
            if (lead != null && won != null) {
                cycle.add(Duration.between(lead, won));
            }
        }
        return new VelocityReport("Seconds from first entry into a stage to first entry into the next chain stage, "
                + "for leads captured in the period that made that step; nearest-rank median and 90th percentile.",
                period, stages, DurationStats.of(cycle));
    }
}
