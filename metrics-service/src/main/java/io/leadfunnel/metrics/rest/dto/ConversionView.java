package io.leadfunnel.metrics.rest.dto;

import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.domain.ConversionReport;
import io.leadfunnel.metrics.domain.LeadStatusCounts;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

@Schema(name = "Conversion", description = "Conversion along LEAD → MQL → SAL → SQL → WON for the leads captured in "
        + "the period, lead status, optional groups, and per bucket both cohort conversion and flow ratio")
public record ConversionView(
        @Schema(description = "How the stage figures are counted") String definition,
        PeriodView period,
        @Schema(description = "The moment cohort maturity refers to") Instant asOf,
        List<StageRow> stages,
        RatioView leadToWon,
        Status status,
        @Schema(description = "The dimension of groups, null when not grouped") String groupBy,
        List<Group> groups,
        List<CohortConversion> cohortConversion,
        List<FlowRatio> flowRatio) {

    @Schema(name = "StageRow")
    public record StageRow(
            Stage stage,
            @Schema(description = "Leads that reached the stage (first entry, or a later chain stage)") long reached,
            @Schema(description = "reached(stage) / reached(previous stage); null for LEAD") RatioView nextStep,
            @Schema(description = "reached(stage) / leads") RatioView cumulative,
            @Schema(description = "Entries into the stage beyond each lead's first") long reentries) {
    }

    @Schema(name = "LeadStatus", description = "open = LEAD or RECYCLED, inProgress = MQL or SAL, qualified = SQL, "
            + "WON or LOST, unqualified = DISQUALIFIED")
    public record Status(long open, long inProgress, long qualified, long unqualified) {
    }

    @Schema(name = "ConversionGroup", description = "The conversion of the leads with one value of groupBy; cohorts "
            + "and flows only when bucketed")
    public record Group(String value, List<StageRow> stages, RatioView leadToWon,
                        List<CohortConversion> cohortConversion, List<FlowRatio> flowRatio) {
    }

    @Schema(name = "CohortRow")
    public record CohortRow(
            @Schema(description = "Start of the bucket") Instant bucket,
            RatioView conversion,
            @Schema(description = "false while the window has not elapsed for the whole bucket: the rate can still "
                    + "rise") boolean mature) {
    }

    @Schema(name = "CohortConversion", description = "Of the leads whose first entry into 'from' fell in a bucket, the "
            + "share that reached 'to' within the window")
    public record CohortConversion(@Schema(description = "Always cohort-conversion") String kind, String definition,
                                   Stage from, Stage to, Duration window, List<CohortRow> cohorts) {
    }

    @Schema(name = "FlowRow")
    public record FlowRow(Instant bucket, long entriesFrom, long entriesTo, RatioView ratio) {
    }

    @Schema(name = "FlowRatio", description = "First entries into 'to' in a bucket over first entries into 'from' in "
            + "the same bucket; not a conversion rate")
    public record FlowRatio(@Schema(description = "Always flow-ratio") String kind, String definition, Stage from,
                            Stage to, List<FlowRow> buckets) {
    }

    public static ConversionView of(ConversionReport r) {
        LeadStatusCounts s = r.status();
        return new ConversionView(r.definition(), PeriodView.of(r.period()), r.asOf(), stages(r.stages()),
                RatioView.of(r.leadToWon()), new Status(s.open(), s.inProgress(), s.qualified(), s.unqualified()),
                r.groupBy(),
                r.groups().stream().map(g -> new Group(g.value(), stages(g.stages()), RatioView.of(g.leadToWon()),
                        cohorts(g.cohortConversion()), flows(g.flowRatio()))).toList(),
                cohorts(r.cohortConversion()), flows(r.flowRatio()));
    }

    private static List<CohortConversion> cohorts(List<ConversionReport.CohortConversion> cohorts) {
        return cohorts.stream().map(c -> new CohortConversion(c.kind(), c.definition(), c.from(), c.to(), c.window(),
                c.cohorts().stream().map(row -> new CohortRow(row.bucket(), RatioView.of(row.conversion()),
                        row.mature())).toList())).toList();
    }

    private static List<FlowRatio> flows(List<ConversionReport.FlowRatio> flows) {
        return flows.stream().map(f -> new FlowRatio(f.kind(), f.definition(), f.from(), f.to(),
                f.buckets().stream().map(row -> new FlowRow(row.bucket(), row.entriesFrom(), row.entriesTo(),
                        RatioView.of(row.ratio()))).toList())).toList();
    }

    private static List<StageRow> stages(List<ConversionReport.StageRow> rows) {
        return rows.stream().map(s -> new StageRow(s.stage(), s.reached(), RatioView.of(s.nextStep()),
                RatioView.of(s.cumulative()), s.reentries())).toList();
    }
}
