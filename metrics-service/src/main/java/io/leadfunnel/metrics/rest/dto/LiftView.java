package io.leadfunnel.metrics.rest.dto;

import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.domain.LiftReport;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;

@Schema(name = "Lift", description = "What converting leads have in common: conversion to target per value of source, "
        + "industry, segment and score band, against the overall rate")
public record LiftView(PeriodView period, Stage target, RatioView overall, List<DimensionLift> dimensions) {

    @Schema(name = "ValueLift")
    public record ValueLift(String value, RatioView conversion,
                            @Schema(description = "The value's rate / the overall rate, four decimals; above 1 "
                                    + "converts better than average") BigDecimal lift) {
    }

    @Schema(name = "DimensionLift")
    public record DimensionLift(String dimension, List<ValueLift> values) {
    }

    public static LiftView of(LiftReport r) {
        return new LiftView(PeriodView.of(r.period()), r.target(), RatioView.of(r.overall()),
                r.dimensions().stream().map(d -> new DimensionLift(d.dimension(), d.values().stream()
                        .map(v -> new ValueLift(v.value(), RatioView.of(v.conversion()), v.lift())).toList()))
                        .toList());
    }
}
