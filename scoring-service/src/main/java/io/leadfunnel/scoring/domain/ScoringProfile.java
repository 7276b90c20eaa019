package io.leadfunnel.scoring.domain;

import io.leadfunnel.events.LeadPersonalData;
import io.leadfunnel.events.LeadProfile;

import java.util.Locale;
import java.util.Objects;

/**
 * The profile attributes the scoring model reads, and nothing else: no names, no e-mail address (only its domain).
 * <p>
 * {@code title}, {@code companyDomain} and {@code emailDomain} are the personal attributes: they come from the lead's
 * personal values ({@link LeadPersonalData} on lead.profiles, or an event that carries them inline), the others from
 * the lead events' profile.
 */
public record ScoringProfile(String title, String industry, String country, Integer companySize,
                             String companyDomain, String emailDomain) {

    public static final ScoringProfile EMPTY = new ScoringProfile(null, null, null, null, null, null);

    /** Keeps from a contract profile only what scoring reads. */
    public static ScoringProfile from(LeadProfile profile) {
        if (profile == null) {
            return EMPTY;
        }
        return new ScoringProfile(profile.title(), profile.industry(), profile.country(), profile.companySize(),
                lower(profile.companyDomain()), domainOf(profile.email()));
    }

    /** The personal attributes of a lead's record on lead.profiles; the others unknown. */
    public static ScoringProfile personalOf(LeadPersonalData personal) {
        return from(LeadProfile.empty().withPersonalValues(personal));
    }

    /** This profile's non-personal attributes with the personal ones of {@code personal}. */
    public ScoringProfile withPersonalAttributesOf(ScoringProfile personal) {
        return new ScoringProfile(personal.title(), industry, country, companySize, personal.companyDomain(),
                personal.emailDomain());
    }

    /** This profile without its personal attributes. */
    public ScoringProfile withoutPersonalAttributes() {
        return withPersonalAttributesOf(EMPTY);
    }

    /** Whether the personal attributes of both profiles are the same. */
    public boolean samePersonalAttributesAs(ScoringProfile other) {
        return Objects.equals(title, other.title()) && Objects.equals(companyDomain, other.companyDomain())
                && Objects.equals(emailDomain, other.emailDomain());
    }

    static String domainOf(String email) {
        if (email == null) {
            return null;
        }
        int at = email.lastIndexOf('@');
        return at < 0 || at == email.length() - 1 ? null : email.substring(at + 1).trim().toLowerCase(Locale.ROOT);
    }

    private static String lower(String value) {
        return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
    }
}
