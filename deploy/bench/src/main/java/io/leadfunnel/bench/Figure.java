package io.leadfunnel.bench;

/**
 * One measured figure of the report, next to the baseline it is compared with (the best this machine did at the
 * comparable raw operation in the same run) and, where the issue sets one, its target.
 *
 * @param part           the suite part that measured it
 * @param name           what was measured
 * @param value          the figure (NaN when it could not be measured)
 * @param unit           its unit
 * @param baseline       name of the baseline figure, or null
 * @param baselineValue  the baseline's value (NaN when none)
 * @param goal           the target value (NaN when none)
 * @param higherIsBetter whether the target is a floor (true) or a ceiling (false); null without a target
 * @param note           how it was measured, caveats
 */
public record Figure(String part, String name, double value, String unit, String baseline, double baselineValue,
                     double goal, Boolean higherIsBetter, String note) {

    /** A figure without baseline or target. */
    public static Figure of(String part, String name, double value, String unit, String note) {
        return new Figure(part, name, value, unit, null, Double.NaN, Double.NaN, null, note);
    }

    /** The same figure compared with a baseline. */
    public Figure against(String baselineName, double baselineValue) {
        return new Figure(part, name, value, unit, baselineName, baselineValue, goal, higherIsBetter, note);
    }

    /** The same figure with a target: at least {@code goal} when {@code higherIsBetter}, else below it. */
    public Figure target(double goal, boolean higherIsBetter) {
        return new Figure(part, name, value, unit, baseline, baselineValue, goal, higherIsBetter, note);
    }

    /** value / baseline value; NaN without a usable baseline. */
    public double ratio() {
        return ratio(value, baselineValue);
    }

    /** Whether the target is met; null without a target. An unmeasured figure misses it. */
    public Boolean met() {
        if (higherIsBetter == null) {
            return null;
        }
        if (Double.isNaN(value)) {
            return false;
        }
        return higherIsBetter ? value >= goal : value < goal;
    }

    /** The target as text, e.g. {@code >= 1,000 leads/s}; null without one. */
    public String targetText() {
        return higherIsBetter == null ? null : (higherIsBetter ? ">= " : "< ") + Report.number(goal) + " " + unit;
    }

    /** How far the figure misses its target, as a percentage of the target (0 when met, NaN when unknown). */
    public double shortfallPercent() {
        if (higherIsBetter == null || Double.isNaN(value) || goal == 0) {
            return Double.NaN;
        }
        double by = higherIsBetter ? (goal - value) / goal * 100 : (value - goal) / goal * 100;
        return Math.max(0, by);
    }

    /** {@code value / baseline}, NaN when either is unknown or the baseline is zero. */
    public static double ratio(double value, double baseline) {
        if (Double.isNaN(value) || Double.isNaN(baseline) || baseline == 0) {
            return Double.NaN;
        }
        return value / baseline;
    }
}
