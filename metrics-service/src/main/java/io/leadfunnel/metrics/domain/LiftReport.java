package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Stage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

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
        return compute(FactColumns.of(facts), period, target);
    }

    /** The report from the columns of the counting leads: one pass per dimension. */
    public static LiftReport compute(FactColumns facts, Period period, Stage target) {
        return compute(facts, period, target, DIMENSIONS);
    }

    /** The report over the given dimensions instead of the default four. */
    public static LiftReport compute(FactColumns facts, Period period, Stage target, List<Dimension> over) {
        FactColumns.Range range = FactColumns.Range.of(period);
        int chainIndex = LeadFact.CHAIN.indexOf(target);
        boolean[] captured = new boolean[facts.size()];
        boolean[] converted = new boolean[facts.size()];
        long total = 0;
        long reached = 0;
        for (int i = 0; i < facts.size(); i++) {
            if (range.contains(facts.reached(0, i))) {
                captured[i] = true;
                total++;
                converted[i] = chainIndex >= 0 ? facts.reached(chainIndex, i) != FactColumns.NONE
                        : facts.leads().get(i).reached(target);
                if (converted[i]) {
                    reached++;
                }
            }
        }
        Ratio overall = Ratio.of(reached, total);
        List<DimensionLift> dimensions = new ArrayList<>();
        for (Dimension d : over) {
            FactColumns.Groups groups = facts.groups(d);
            long[] leads = new long[groups.values().size()];
            long[] reaching = new long[groups.values().size()];
            for (int i = 0; i < facts.size(); i++) {
                if (captured[i]) {
                    leads[groups.of()[i]]++;
                    if (converted[i]) {
                        reaching[groups.of()[i]]++;
                    }
                }
            }
            List<ValueLift> values = new ArrayList<>();
            for (int g = 0; g < leads.length; g++) {
                if (leads[g] > 0) {
                    Ratio rate = Ratio.of(reaching[g], leads[g]);
                    values.add(new ValueLift(groups.values().get(g), rate, lift(rate, overall)));
                }
            }
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
