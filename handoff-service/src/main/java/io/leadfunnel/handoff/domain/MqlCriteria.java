package io.leadfunnel.handoff.domain;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The marketing-qualification criteria of the agreed definition. A null minimum or an empty list is not checked.
 *
 * @param minFitScore    lowest fit score (0..100)
 * @param minTotalScore  lowest total score (0..100)
 * @param minGrade       worst fit grade accepted, {@code A} (best) to {@code D}
 * @param requiredFields profile fields that must be known (names as in the lead profile: email, company, country...)
 * @param exclusions     what disqualifies a lead whatever its score
 */
public record MqlCriteria(Integer minFitScore, Integer minTotalScore, String minGrade, List<String> requiredFields,
                          Exclusions exclusions) {

    /** Profile fields a definition may require. */
    public static final Set<String> PROFILE_FIELDS = Set.of("email", "firstName", "lastName", "company",
            "companyDomain", "title", "country", "industry", "companySize", "source", "campaign");

    public MqlCriteria {
        requiredFields = requiredFields == null ? List.of() : List.copyOf(requiredFields);
        exclusions = exclusions == null ? Exclusions.NONE : exclusions;
        for (String field : requiredFields) {
            if (!PROFILE_FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown profile field " + field + "; known: " + PROFILE_FIELDS);
            }
        }
        if (minGrade != null && !minGrade.matches("[A-D]")) {
            throw new IllegalArgumentException("minGrade must be one of A, B, C, D");
        }
        minGrade = minGrade == null ? null : minGrade.toUpperCase(Locale.ROOT);
    }

    /**
     * What disqualifies a lead regardless of score. Domains and countries compare case-insensitively; titles match
     * when they contain one of {@code titleKeywords} (students, interns, job seekers...).
     */
    public record Exclusions(List<String> freeMailDomains, List<String> countries, List<String> competitorDomains,
                             List<String> titleKeywords) {

        public static final Exclusions NONE = new Exclusions(null, null, null, null);

        public Exclusions {
            freeMailDomains = lower(freeMailDomains);
            countries = countries == null ? List.of()
                    : countries.stream().map(c -> c.toUpperCase(Locale.ROOT)).toList();
            competitorDomains = lower(competitorDomains);
            titleKeywords = lower(titleKeywords);
        }

        private static List<String> lower(List<String> values) {
            return values == null ? List.of() : values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
        }
    }
}
