package io.leadfunnel.metrics.rest.dto;

import io.leadfunnel.metrics.domain.SlaReport;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

@Schema(name = "Sla", description = "Hand-off service levels")
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
        List<String> blackHoleLeadIds) {

    public static SlaView of(SlaReport r) {
        return new SlaView(PeriodView.of(r.period()), r.asOf(), RatioView.of(r.compliance()), r.breachesByOwner(),
                r.breachesBySla(), PeriodView.DurationView.of(r.timeToAccept()), r.speedToLead(), r.blackHoleAfter(),
                r.blackHole(), r.blackHoleLeadIds());
    }
}
