package io.leadfunnel.handoff.domain;

import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadSource;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One routing rule: when the conditions hold, the lead goes to the target. Rules are tried in order; the first match
 * wins.
 *
 * @param id         rule id, recorded on the hand-off
 * @param when       conditions, all of which must hold (an empty condition always holds)
 * @param target     who receives the lead
 * @param notifyTeam a second team told about the lead (large opportunities), or null
 */
public record RoutingRule(String id, Conditions when, Target target, String notifyTeam) {

    public RoutingRule {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a routing rule needs an id");
        }
        Objects.requireNonNull(target, "target");
        when = when == null ? Conditions.ANY : when;
    }

    /** Whether the lead meets every condition. */
    public boolean matches(LeadFacts facts) {
        return when.test(facts);
    }

    /**
     * Conditions on the lead. Lists match any of their values; a null or empty one is not checked.
     *
     * @param countries       ISO country codes
     * @param regions         region names ({@link Regions})
     * @param minCompanySize  fewest employees
     * @param maxCompanySize  most employees
     * @param industries      industries, compared case-insensitively
     * @param sources         lead sources
     * @param minScore        lowest total score
     */
    public record Conditions(List<String> countries, List<String> regions, Integer minCompanySize,
                             Integer maxCompanySize, List<String> industries, List<LeadSource> sources,
                             Integer minScore) {

        public static final Conditions ANY = new Conditions(null, null, null, null, null, null, null);

        public Conditions {
            countries = countries == null ? List.of() : List.copyOf(countries);
            regions = regions == null ? List.of() : List.copyOf(regions);
            industries = industries == null ? List.of() : List.copyOf(industries);
            sources = sources == null ? List.of() : List.copyOf(sources);
            for (String region : regions) {
                if (!Regions.names().contains(region.toUpperCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("unknown region " + region + "; known: " + Regions.names());
                }
            }
        }

        boolean test(LeadFacts facts) {
            LeadProfile p = facts.profile();
            if (!countries.isEmpty() && (p.country() == null
                    || countries.stream().noneMatch(c -> c.equalsIgnoreCase(p.country())))) {
                return false;
            }
            if (!regions.isEmpty() && regions.stream().noneMatch(r -> Regions.contains(r, p.country()))) {
                return false;
            }
            if (minCompanySize != null && (p.companySize() == null || p.companySize() < minCompanySize)) {
                return false;
            }
            if (maxCompanySize != null && (p.companySize() == null || p.companySize() > maxCompanySize)) {
                return false;
            }
            if (!industries.isEmpty() && (p.industry() == null
                    || industries.stream().noneMatch(i -> i.equalsIgnoreCase(p.industry())))) {
                return false;
            }
            if (!sources.isEmpty() && (p.source() == null || !sources.contains(p.source()))) {
                return false;
            }
            return minScore == null || facts.score() != null && facts.score().total() >= minScore;
        }
    }

    /** Who receives the lead: a named owner, a queue, or a team's weighted round robin. */
    public record Target(Kind kind, String name) {

        public Target {
            Objects.requireNonNull(kind, "kind");
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a routing target needs a name");
            }
        }

        /** Kinds of target. */
        public enum Kind { OWNER, QUEUE, TEAM }
    }
}
