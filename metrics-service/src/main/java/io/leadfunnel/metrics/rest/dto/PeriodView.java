package io.leadfunnel.metrics.rest.dto;

import io.leadfunnel.metrics.domain.DurationStats;
import io.leadfunnel.metrics.domain.Period;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

@Schema(description = "The period [from, to) the figures cover; a null bound is open")
public record PeriodView(Instant from, Instant to) {

    static PeriodView of(Period p) {
        return new PeriodView(p.from(), p.to());
    }

    @Schema(description = "Count, nearest-rank median and 90th percentile of durations in seconds (null without values)")
    public record DurationView(int count, Long medianSeconds, Long p90Seconds) {

        static DurationView of(DurationStats d) {
            return new DurationView(d.count(), d.medianSeconds(), d.p90Seconds());
        }
    }
}
