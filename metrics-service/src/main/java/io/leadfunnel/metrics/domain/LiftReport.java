package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Stage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    /**
     * The report from daily counts over the given dimensions (the default four: {@link #DIMENSIONS}); {@code target}
     * is a chain stage after LEAD.
     */
    public static LiftReport compute(DailyCounts counts, Period period, Stage target, List<Dimension> over) {
        int chainIndex = LeadFact.CHAIN.indexOf(target);
        if (chainIndex < 0) {
            throw new IllegalArgumentException("lift is measured to a chain stage, not " + target);
        }
        DailyCounts.Days days = counts.read(period, over, EnumSet.of(DailyCounts.Part.CAPTURES));
        long total = 0;
        long reached = 0;
        for (DayCounts day : days.overall().values()) {
            total += day.captured;
            reached += day.reached[chainIndex];
        }
        Ratio overall = Ratio.of(reached, total);
        List<DimensionLift> dimensions = new ArrayList<>();
        for (Dimension d : over) {
            Map<String, long[]> perValue = new TreeMap<>();
            days.byValue(d).values().forEach(values -> values.forEach((value, day) -> {
                long[] sum = perValue.computeIfAbsent(value, v -> new long[2]);
                sum[0] += day.captured;
                sum[1] += day.reached[chainIndex];
            }));
            List<ValueLift> values = new ArrayList<>();
            perValue.forEach((value, sum) -> {
                if (sum[0] > 0) {
                    Ratio rate = Ratio.of(sum[1], sum[0]);
                    values.add(new ValueLift(value, rate, lift(rate, overall)));
                }
            });
            dimensions.add(new DimensionLift(d.param(), values));
        }
        return new LiftReport(period, target, overall, dimensions);
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
