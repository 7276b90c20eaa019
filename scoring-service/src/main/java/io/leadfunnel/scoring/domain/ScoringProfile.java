package io.leadfunnel.scoring.domain;

import io.leadfunnel.events.LeadProfile;

import java.util.Locale;

/**
 * The profile attributes the scoring model reads, and nothing else: no names, no e-mail address (only its domain).
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
