package io.leadfunnel.handoff.domain;

import io.leadfunnel.events.CriterionResult;
import io.leadfunnel.events.LeadProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of judging a lead against a definition's MQL criteria: every criterion with pass or fail and the value
 * observed, and whether all passed.
 *
 * <p>It travels in {@code LeadStageChanged} on the retained {@code lead.lifecycle} topic, so it never quotes a
 * personal value of the lead (see {@link LeadProfile}): the exclusions by e-mail domain, company domain and title
 * observe the definition's own entry that matched (the free-mail domain, the competitor domain, the title keyword),
 * or nothing when none matched. Scores, grade, country and the names of the required fields found are not personal
 * and are quoted as they are.
 */
public record MqlEvaluation(int definitionVersion, List<CriterionResult> criteria) {

    public MqlEvaluation {
        criteria = List.copyOf(criteria);
    }

    /** Whether every criterion passed (a definition with no criteria qualifies nobody). */
    public boolean qualifies() {
        return !criteria.isEmpty() && criteria.stream().allMatch(CriterionResult::passed);
    }

    /** The criteria that failed. */
    public List<CriterionResult> failed() {
        return criteria.stream().filter(c -> !c.passed()).toList();
    }

    /** Judges {@code facts} against {@code mql}. */
    static MqlEvaluation of(int definitionVersion, MqlCriteria mql, LeadFacts facts) {
        List<CriterionResult> results = new ArrayList<>();
        Score score = facts.score();
        LeadProfile p = facts.profile();
        if (mql.minFitScore() != null) {
            results.add(new CriterionResult("mql.minFitScore", score != null && score.fit() >= mql.minFitScore(),
                    score == null ? null : Integer.toString(score.fit()), ">= " + mql.minFitScore()));
        }
        if (mql.minTotalScore() != null) {
            results.add(new CriterionResult("mql.minTotalScore", score != null && score.total() >= mql.minTotalScore(),
                    score == null ? null : Integer.toString(score.total()), ">= " + mql.minTotalScore()));
        }
        if (mql.minGrade() != null) {
            String grade = score == null || score.grade() == null ? null : score.grade().toUpperCase(Locale.ROOT);
            boolean passed = grade != null && grade.length() == 1 && grade.compareTo(mql.minGrade()) <= 0;
            results.add(new CriterionResult("mql.minGrade", passed, grade,
                    "A".equals(mql.minGrade()) ? "A" : mql.minGrade() + " or better"));
        }
        if (!mql.requiredFields().isEmpty()) {
            List<String> present = mql.requiredFields().stream().filter(f -> ProfileFields.value(p, f) != null).toList();
            results.add(new CriterionResult("mql.requiredFields", present.size() == mql.requiredFields().size(),
                    String.join(",", present), String.join(",", mql.requiredFields())));
        }
        MqlCriteria.Exclusions ex = mql.exclusions();
        String mailDomain = ProfileFields.mailDomain(p);
        if (!ex.freeMailDomains().isEmpty()) {
            String hit = firstEqual(ex.freeMailDomains(), mailDomain, null);
            results.add(new CriterionResult("mql.excludeFreeMail", hit == null, hit, "not a free-mail domain"));
        }
        if (!ex.countries().isEmpty()) {
            String country = p.country() == null ? null : p.country().toUpperCase(Locale.ROOT);
            results.add(new CriterionResult("mql.excludeCountries", country == null || !ex.countries().contains(country),
                    country, "not in " + String.join(",", ex.countries())));
        }
        if (!ex.competitorDomains().isEmpty()) {
            String company = p.companyDomain() == null ? mailDomain : p.companyDomain().toLowerCase(Locale.ROOT);
            String hit = firstEqual(ex.competitorDomains(), company, mailDomain);
            results.add(new CriterionResult("mql.excludeCompetitors", hit == null, hit, "not a competitor"));
        }
        if (!ex.titleKeywords().isEmpty()) {
            String title = p.title() == null ? null : p.title().toLowerCase(Locale.ROOT);
            String hit = title == null ? null
                    : ex.titleKeywords().stream().filter(title::contains).findFirst().orElse(null);
            results.add(new CriterionResult("mql.excludeStudentsAndJobSeekers", hit == null, hit,
                    "title without " + String.join(",", ex.titleKeywords())));
        }
        return new MqlEvaluation(definitionVersion, results);
    }

    /** The first of the definition's {@code listed} values equal to {@code a} or {@code b}; null when none is. */
    private static String firstEqual(List<String> listed, String a, String b) {
        return listed.stream().filter(v -> v.equals(a) || v.equals(b)).findFirst().orElse(null);
    }
}
