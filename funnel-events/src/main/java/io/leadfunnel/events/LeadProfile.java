package io.leadfunnel.events;

/**
 * The lead's profile as the funnel sees it: what scoring reads for fit, what the agreed definition checks, and what
 * the metrics group by. Every field may be null when unknown.
 *
 * <p>{@code email}, {@code firstName}, {@code lastName}, {@code company}, {@code companyDomain} and {@code title} are
 * the personal values: published on {@link Topics#LEAD_PROFILES} as {@link LeadPersonalData}, never on a retained
 * topic (see {@link PersonalValues}).
 *
 * @param email         canonical e-mail address (trimmed, lower-case)
 * @param firstName     first name
 * @param lastName      last name
 * @param company       company name
 * @param companyDomain company web domain, lower-case, e.g. {@code example.com}
 * @param title         job title as given
 * @param country       ISO 3166-1 alpha-2 code when recognised, else the value as given
 * @param industry      industry as given by the source
 * @param companySize   number of employees
 * @param source        normalized lead source
 * @param sourceDetail  the source value exactly as the sender gave it
 * @param campaign      campaign the lead came from
 * @param origin        marketing-sourced or sales-sourced
 */
public record LeadProfile(
        String email,
        String firstName,
        String lastName,
        String company,
        String companyDomain,
        String title,
        String country,
        String industry,
        Integer companySize,
        LeadSource source,
        String sourceDetail,
        String campaign,
        LeadOrigin origin) {

    /** This profile without its personal values: what a retained topic may carry. */
    public LeadProfile withoutPersonalValues() {
        return new LeadProfile(null, null, null, null, null, null, country, industry, companySize, source,
                sourceDetail, campaign, origin);
    }

    /** This profile with the personal values of {@code personal}; without any when {@code personal} is null. */
    public LeadProfile withPersonalValues(LeadPersonalData personal) {
        if (personal == null) {
            return withoutPersonalValues();
        }
        return new LeadProfile(personal.email(), personal.firstName(), personal.lastName(), personal.company(),
                personal.companyDomain(), personal.title(), country, industry, companySize, source, sourceDetail,
                campaign, origin);
    }

    /** A profile with nothing known. */
    public static LeadProfile empty() {
        return new LeadProfile(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
