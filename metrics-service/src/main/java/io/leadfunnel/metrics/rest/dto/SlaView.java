package io.leadfunnel.metrics.rest.dto;

import io.leadfunnel.metrics.domain.Grouped;
import io.leadfunnel.metrics.domain.SlaReport;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

@Schema(name = "Sla", description = "Hand-off service levels; per value of groupBy when asked")
public record SlaView(
        PeriodView period,
        Instant asOf,
        @Schema(description = "Hand-offs handled within SLA (first action no later than the accept-due time) over "
                + "hand-offs whose due time fell in the period and has passed") RatioView compliance,
        @Schema(description = "SLA breaches in the period by owner") Map<String, Long> breachesByOwner,
        @Schema(description = "SLA breaches in the period by clock (ACCEPT, FIRST_CONTACT)") Map<String, Long> breachesBySla,
        @Schema(description = "Hand-off to acceptance, hand-offs made in the period") PeriodView.DurationView timeToAccept,
        @Schema(description = "Hand-offs made in the period by minutes to sales' first action: 0-5m, 5-15m, 15-60m, "
                + "over-60m (upper bound included), never") Map<String, Long> speedToLead,
        Duration blackHoleAfter,
        @Schema(description = "Leads still at MQL with no action, MQL entry in the period and older than "
                + "blackHoleAfter") long blackHole,
        @Schema(description = "The 100 of them waiting longest (earliest MQL entry, then lead id), in lead-id order; "
                + "all of them when there are no more") List<String> blackHoleLeadIds,
        @Schema(description = "The dimension of groups, null when not grouped") String groupBy,
        List<Group> groups) {

    @Schema(name = "SlaGroup", description = "The service levels of the leads with one value of groupBy (owner and "
            + "team: the lead's latest; breachesByOwner keeps the owner each breach was charged to)")
    public record Group(String value, RatioView compliance, Map<String, Long> breachesByOwner,
                        Map<String, Long> breachesBySla, PeriodView.DurationView timeToAccept,
                        Map<String, Long> speedToLead, long blackHole, List<String> blackHoleLeadIds) {
    }

    public static SlaView of(Grouped<SlaReport> grouped) {
        SlaReport r = grouped.all();
        return new SlaView(PeriodView.of(r.period()), r.asOf(), RatioView.of(r.compliance()), r.breachesByOwner(),
                r.breachesBySla(), PeriodView.DurationView.of(r.timeToAccept()), r.speedToLead(), r.blackHoleAfter(),
                r.blackHole(), r.blackHoleLeadIds(), grouped.dimension() == null ? null : grouped.dimension().param(),
                grouped.groups().stream().map(g -> group(g.value(), g.report())).toList());
    }

    private static Group group(String value, SlaReport r) {
        return new Group(value, RatioView.of(r.compliance()), r.breachesByOwner(), r.breachesBySla(),
                PeriodView.DurationView.of(r.timeToAccept()), r.speedToLead(), r.blackHole(), r.blackHoleLeadIds());
    }
}
