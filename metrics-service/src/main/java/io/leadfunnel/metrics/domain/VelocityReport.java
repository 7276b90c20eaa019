package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Stage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Time in each chain stage for the leads captured in the period that moved on (converters only): from the first
 * entry into the stage to the first entry into the next chain stage. Cycle time: first LEAD entry to first WON entry.
 */
public record VelocityReport(String definition, Period period, List<StageVelocity> stages, DurationStats leadToWon) {

    public record StageVelocity(Stage stage, Stage next, DurationStats timeInStage) {
    }

    public static VelocityReport compute(List<LeadFact> facts, Period period) {
        return compute(FactColumns.of(facts), period);
    }

    /** The report from the columns of the counting leads. */
    public static VelocityReport compute(FactColumns facts, Period period) {
        FactColumns.Range range = FactColumns.Range.of(period);
        long[] seconds = new long[facts.size()];
        List<StageVelocity> stages = new ArrayList<>();
        for (int c = 0; c + 1 < LeadFact.CHAIN.size(); c++) {
            int n = 0;
            for (int i = 0; i < facts.size(); i++) {
                long from = facts.first(c, i);
                long to = facts.first(c + 1, i);
                if (from != FactColumns.NONE && to != FactColumns.NONE && to >= from
                        && range.contains(facts.reached(0, i))) {
                    seconds[n++] = Math.floorDiv(to - from, 1_000_000_000L);
                }
            }
            stages.add(new StageVelocity(LeadFact.CHAIN.get(c), LeadFact.CHAIN.get(c + 1),
                    DurationStats.ofSeconds(Arrays.copyOf(seconds, n))));
        }
        int won = LeadFact.CHAIN.size() - 1;
        int n = 0;
        for (int i = 0; i < facts.size(); i++) {
            long lead = facts.first(0, i);
            long end = facts.first(won, i);
            if (lead != FactColumns.NONE && end != FactColumns.NONE && range.contains(facts.reached(0, i))) {
                seconds[n++] = Math.floorDiv(end - lead, 1_000_000_000L);
            }
        }
        return new VelocityReport("Seconds from first entry into a stage to first entry into the next chain stage, "
                + "for leads captured in the period that made that step; nearest-rank median and 90th percentile.",
                period, stages, DurationStats.ofSeconds(Arrays.copyOf(seconds, n)));
    }
}
