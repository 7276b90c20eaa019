package io.leadfunnel.scoring.domain;

import io.leadfunnel.events.ActivityType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a draft model before it is stored: finite numbers, known attributes, matches and activity types, ordered
 * grade bands, a positive half-life. Every fault is reported with the JSON pointer of its field.
 */
public final class ModelValidation {

    /** One field at fault. */
    public record Fault(String field, String detail) {
    }

    private ModelValidation() {
    }

    public static List<Fault> faults(ScoringModel model) {
        List<Fault> faults = new ArrayList<>();
        fitRules(model.fitRules(), faults);
        activityRules(model.activityRules(), faults);
        positive(model.halfLifeDays(), "/halfLifeDays", faults);
        positive(model.horizonDays(), "/horizonDays", faults);
        boolean fitWeightOk = nonNegative(model.fitWeight(), "/fitWeight", faults);
        boolean engagementWeightOk = nonNegative(model.engagementWeight(), "/engagementWeight", faults);
        if (fitWeightOk && engagementWeightOk && model.fitWeight() + model.engagementWeight() <= 0) {
            faults.add(new Fault("/engagementWeight", "fitWeight and engagementWeight must not both be 0"));
        }
        if (!ScoringModel.BASIS_FIT.equals(model.gradeBasis()) && !ScoringModel.BASIS_TOTAL.equals(model.gradeBasis())) {
            faults.add(new Fault("/gradeBasis", "must be \"fit\" or \"total\""));
        }
        gradeBands(model.gradeBands(), faults);
        if (model.mqlThreshold() != null && (model.mqlThreshold() < 0 || model.mqlThreshold() > 100)) {
            faults.add(new Fault("/mqlThreshold", "must be between 0 and 100"));
        }
        return faults;
    }

    private static void fitRules(List<FitRule> rules, List<Fault> faults) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            FitRule rule = rules.get(i);
            String at = "/fitRules/" + i;
            if (rule == null) {
                faults.add(new Fault(at, "must not be null"));
                continue;
            }
            if (rule.id() == null || rule.id().isBlank()) {
                faults.add(new Fault(at + "/id", "must not be blank"));
            } else if (!ids.add(rule.id())) {
                faults.add(new Fault(at + "/id", "duplicate rule id \"" + rule.id() + "\""));
            }
            finite(rule.points(), at + "/points", faults);
            FitAttribute attribute = FitAttribute.byName(rule.attribute()).orElse(null);
            if (attribute == null) {
                faults.add(new Fault(at + "/attribute", "unknown attribute \"" + rule.attribute() + "\"; known: "
                        + FitAttribute.names()));
            }
            String match = rule.match();
            if (FitRule.RANGE.equals(match)) {
                if (attribute != null && !attribute.numeric()) {
                    faults.add(new Fault(at + "/match", "range applies only to numeric attributes (companySize)"));
                }
                boolean minOk = finite(rule.min(), at + "/min", faults);
                if (rule.max() != null && !Double.isFinite(rule.max())) {
                    faults.add(new Fault(at + "/max", "must be a finite number"));
                } else if (minOk && rule.max() != null && rule.max() < rule.min()) {
                    faults.add(new Fault(at + "/max", "must not be below min"));
                }
            } else if (FitRule.IN.equals(match) || FitRule.CONTAINS.equals(match)) {
                if (attribute != null && attribute.numeric()) {
                    faults.add(new Fault(at + "/match", match + " applies only to text attributes; use range"));
                }
                if (rule.values().isEmpty() || rule.values().stream().anyMatch(v -> v == null || v.isBlank())) {
                    faults.add(new Fault(at + "/values", "must be a non-empty list of non-blank values"));
                }
            } else {
                faults.add(new Fault(at + "/match", "unknown match \"" + match + "\"; known: in, contains, range"));
            }
        }
    }

    private static void activityRules(Map<String, ActivityRule> rules, List<Fault> faults) {
        for (Map.Entry<String, ActivityRule> entry : rules.entrySet()) {
            String at = "/activityRules/" + entry.getKey();
            if (Arrays.stream(ActivityType.values()).noneMatch(t -> t.name().equals(entry.getKey()))) {
                faults.add(new Fault(at, "unknown activity type; known: " + Arrays.toString(ActivityType.values())));
                continue;
            }
            ActivityRule rule = entry.getValue();
            if (rule == null) {
                faults.add(new Fault(at, "must not be null"));
                continue;
            }
            finite(rule.points(), at + "/points", faults);
            nonNegative(rule.cap(), at + "/cap", faults);
        }
    }

    private static void gradeBands(List<GradeBand> bands, List<Fault> faults) {
        if (bands.isEmpty()) {
            faults.add(new Fault("/gradeBands", "must list at least one grade"));
            return;
        }
        Set<String> grades = new HashSet<>();
        Double previous = null;
        boolean ordered = true;
        for (int i = 0; i < bands.size(); i++) {
            GradeBand band = bands.get(i);
            String at = "/gradeBands/" + i;
            if (band == null) {
                faults.add(new Fault(at, "must not be null"));
                ordered = false;
                continue;
            }
            if (band.grade() == null || band.grade().isBlank()) {
                faults.add(new Fault(at + "/grade", "must not be blank"));
            } else if (!grades.add(band.grade())) {
                faults.add(new Fault(at + "/grade", "duplicate grade \"" + band.grade() + "\""));
            }
            if (!finite(band.minScore(), at + "/minScore", faults)) {
                ordered = false;
                continue;
            }
            if (band.minScore() < 0 || band.minScore() > 100) {
                faults.add(new Fault(at + "/minScore", "must be between 0 and 100"));
            }
            if (previous != null && band.minScore() >= previous) {
                faults.add(new Fault(at + "/minScore", "bands must be ordered from best to worst with strictly "
                        + "decreasing minScore (previous: " + previous + ")"));
                ordered = false;
            }
            previous = band.minScore();
        }
        GradeBand last = bands.get(bands.size() - 1);
        if (ordered && last != null && last.minScore() != null && last.minScore() != 0) {
            faults.add(new Fault("/gradeBands/" + (bands.size() - 1) + "/minScore",
                    "the last band must start at 0 so that every score has a grade"));
        }
    }

    private static boolean finite(Double value, String field, List<Fault> faults) {
        if (value == null || !Double.isFinite(value)) {
            faults.add(new Fault(field, "must be a finite number"));
            return false;
        }
        return true;
    }

    private static void positive(Double value, String field, List<Fault> faults) {
        if (finite(value, field, faults) && value <= 0) {
            faults.add(new Fault(field, "must be greater than 0"));
        }
    }

    private static boolean nonNegative(Double value, String field, List<Fault> faults) {
        if (!finite(value, field, faults)) {
            return false;
        }
        if (value < 0) {
            faults.add(new Fault(field, "must not be negative"));
            return false;
        }
        return true;
    }
}
