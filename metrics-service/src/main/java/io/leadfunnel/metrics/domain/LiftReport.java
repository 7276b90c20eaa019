package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Stage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What converting leads have in common: for the leads captured in the period, the rate of reaching {@code target} per
 * value of source, industry, size segment and score band, and its lift = value's rate / overall rate (four decimals;
 * null when the overall rate is zero). Above 1 converts better than average.
 */
public record LiftReport(Period period, Stage target, Ratio overall, List<DimensionLift> dimensions) {

    public static final List<Dimension> DIMENSIONS =
            List.of(Dimension.SOURCE, Dimension.INDUSTRY, Dimension.SEGMENT, Dimension.SCORE_BAND);

    public record ValueLift(String value, Ratio conversion, BigDecimal lift) {
    }

    public record DimensionLift(String dimension, List<ValueLift> values) {
    }

    public static LiftReport compute(List<LeadFact> facts, Period period, Stage target) {
        List<LeadFact> cohort = ConversionReport.capturedIn(facts, period);
        Ratio overall = conversion(cohort, target);
        List<DimensionLift> dimensions = new ArrayList<>();
        for (Dimension d : DIMENSIONS) {
            Map<String, List<LeadFact>> byValue = cohort.stream()
                    .collect(Collectors.groupingBy(d::valueOf, TreeMap::new, Collectors.toList()));
            List<ValueLift> values = new ArrayList<>();
            byValue.forEach((value, leads) -> {
                Ratio rate = conversion(leads, target);
                values.add(new ValueLift(value, rate, lift(rate, overall)));
            });
            dimensions.add(new DimensionLift(d.param(), values));
        }
        return new LiftReport(period, target, overall, dimensions);
    }

    private static Ratio conversion(List<LeadFact> leads, Stage target) {
        return Ratio.of(leads.stream().filter(f -> f.reached(target)).count(), leads.size());
    }

    /** Computed from the counts, not the rounded rates: (n_v / d_v) / (n / d) = n_v d / (d_v n). */
    private static BigDecimal lift(Ratio value, Ratio overall) {
        if (overall.numerator() == 0 || value.denominator() == 0) {
            return null;
        }
        return BigDecimal.valueOf(value.numerator() * overall.denominator())
                .divide(BigDecimal.valueOf(value.denominator() * overall.numerator()), 4, RoundingMode.HALF_UP);
    }
}
