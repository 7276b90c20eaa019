package io.leadfunnel.scoring.domain;

import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.ScoreReason;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates a validated {@link ScoringModel}:
 * <ul>
 *     <li>fit = sum of the points of every matching fit rule (only the first match per group), rounded half up and
 *     clamped to 0..100;</li>
 *     <li>engagement = sum over activity types of min(cap, sum of points x 0.5^(age / half-life)) over the activities
 *     inside the horizon, rounded half up and clamped to 0..100 (an activity dated in the future counts as fresh);</li>
 *     <li>total = (fitWeight x fit + engagementWeight x engagement) / (fitWeight + engagementWeight), rounded half
 *     up;</li>
 *     <li>grade = the first grade band (best first) whose minimum the fit (or, if the model says so, the total)
 *     reaches.</li>
 * </ul>
 * Reasons name every rule that contributed, with its points (engagement points after decay and cap, to 2 decimals).
 * They never quote the lead's title or domains.
 */
public final class ScoreCalculator {

    private static final double SECONDS_PER_DAY = 86_400d;

    private ScoreCalculator() {
    }

    public static Score score(ScoringModel model, ScoringProfile profile, List<Activity> activities, Instant now) {
        List<ScoreReason> reasons = new ArrayList<>();
        int fit = fit(model, profile, reasons);
        double rawEngagement = engagement(model, activities, now, reasons);
        int engagement = clamp(rawEngagement);
        int total = model.totalOf(fit, engagement);
        return new Score(fit, engagement, total, model.gradeOf(fit, total), model.version(), reasons, rawEngagement);
    }

    /** Engagement before rounding at an instant; non-increasing in {@code at} from the newest activity on. */
    public static double rawEngagement(ScoringModel model, List<Activity> activities, Instant at) {
        return engagement(model, activities, at, null);
    }

    static int fit(ScoringModel model, ScoringProfile profile, List<ScoreReason> reasons) {
        double sum = 0;
        Set<String> groupsMatched = new HashSet<>();
        for (FitRule rule : model.fitRules()) {
            if (rule.group() != null && groupsMatched.contains(rule.group())) {
                continue;
            }
            FitAttribute attribute = FitAttribute.byName(rule.attribute()).orElseThrow();
            Object value = attribute.valueIn(profile);
            String matched = matches(rule, value);
            if (matched == null) {
                continue;
            }
            if (rule.group() != null) {
                groupsMatched.add(rule.group());
            }
            sum += rule.points();
            reasons.add(new ScoreReason(ScoreReason.Kind.FIT, rule.id(), rule.points(), detail(rule, attribute,
                    value, matched)));
        }
        return clamp(sum);
    }

    /** The value or keyword that matched, or null. */
    private static String matches(FitRule rule, Object value) {
        if (value == null) {
            return null;
        }
        switch (rule.match()) {
            case FitRule.RANGE: {
                double number = ((Number) value).doubleValue();
                boolean inRange = number >= rule.min() && (rule.max() == null || number <= rule.max());
                return inRange ? value.toString() : null;
            }
            case FitRule.IN: {
                String text = value.toString().trim();
                return rule.values().stream().filter(v -> v.trim().equalsIgnoreCase(text)).findFirst().orElse(null);
            }
            case FitRule.CONTAINS: {
                String text = value.toString().toLowerCase(Locale.ROOT);
                return rule.values().stream().filter(keyword -> containsWord(text, keyword)).findFirst().orElse(null);
            }
            default:
                throw new IllegalStateException("unknown match " + rule.match());
        }
    }

    /** Whole-word match, so that {@code cto} does not match inside {@code director}. */
    static boolean containsWord(String lowerText, String keyword) {
        String k = keyword.trim().toLowerCase(Locale.ROOT);
        if (k.isEmpty()) {
            return false;
        }
        for (int at = lowerText.indexOf(k); at >= 0; at = lowerText.indexOf(k, at + 1)) {
            int end = at + k.length();
            boolean wordBefore = at > 0 && isWordCharacter(lowerText.codePointBefore(at));
            boolean wordAfter = end < lowerText.length() && isWordCharacter(lowerText.codePointAt(end));
            if (!wordBefore && !wordAfter) {
                return true;
            }
        }
        return false;
    }

    /**
     * A letter or a number of any script (Unicode categories L and N): what may not touch a keyword on either side.
     * Matched by hand, not by a pattern: scoring compiled one pattern per keyword and lead, a hot spot under load.
     */
    private static boolean isWordCharacter(int codePoint) {
        if (Character.isLetter(codePoint)) {
            return true;
        }
        int type = Character.getType(codePoint);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    private static String detail(FitRule rule, FitAttribute attribute, Object value, String matched) {
        String name = attribute.jsonName();
        if (FitRule.RANGE.equals(rule.match())) {
            return name + " " + value + " is in " + format(rule.min()) + ".."
                    + (rule.max() == null ? "" : format(rule.max()));
        }
        if (FitRule.CONTAINS.equals(rule.match())) {
            return name + " contains \"" + matched + "\"";
        }
        return attribute.personal() ? name + " is in the rule's list"
                : name + " \"" + value + "\" is in the rule's list";
    }

    private static double engagement(ScoringModel model, List<Activity> activities, Instant now,
                                     List<ScoreReason> reasons) {
        Instant horizonStart = now.minus(model.horizon());
        Map<ActivityType, double[]> perType = new EnumMap<>(ActivityType.class);
        for (Activity activity : activities) {
            ActivityRule rule = model.ruleFor(activity.type());
            if (rule == null || !activity.occurredAt().isAfter(horizonStart)) {
                continue;
            }
            double ageDays = Math.max(0, Duration.between(activity.occurredAt(), now).getSeconds()) / SECONDS_PER_DAY;
            double[] sumAndCount = perType.computeIfAbsent(activity.type(), t -> new double[2]);
            sumAndCount[0] += rule.points() * Math.pow(0.5, ageDays / model.halfLifeDays());
            sumAndCount[1]++;
        }
        double total = 0;
        for (Map.Entry<ActivityType, double[]> entry : perType.entrySet()) {
            ActivityRule rule = model.ruleFor(entry.getKey());
            double decayed = entry.getValue()[0];
            double capped = Math.min(decayed, rule.cap());
            total += capped;
            if (reasons != null && capped != 0) {
                int count = (int) entry.getValue()[1];
                reasons.add(new ScoreReason(ScoreReason.Kind.ENGAGEMENT, "engagement." + entry.getKey().name(),
                        round2(capped), count + " x " + entry.getKey().name() + ", decayed with half-life "
                        + format(model.halfLifeDays()) + " d" + (decayed > rule.cap() ? ", capped at "
                        + format(rule.cap()) : "")));
            }
        }
        return total;
    }

    /** Rounds half up and clamps to 0..100. */
    public static int clamp(double value) {
        long rounded = Math.round(value);
        return (int) Math.max(0, Math.min(100, rounded));
    }

    static double round2(double value) {
        return Math.round(value * 100) / 100d;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
