package io.leadfunnel.handoff.domain;

import io.leadfunnel.events.LeadProfile;

import java.util.Locale;

/** Reads lead profile fields by name, as the definition names them. */
final class ProfileFields {

    private ProfileFields() {
    }

    /** The field's value, or null when unknown or blank. */
    static Object value(LeadProfile p, String field) {
        Object value = switch (field) {
            case "email" -> p.email();
            case "firstName" -> p.firstName();
            case "lastName" -> p.lastName();
            case "company" -> p.company();
            case "companyDomain" -> p.companyDomain();
            case "title" -> p.title();
            case "country" -> p.country();
            case "industry" -> p.industry();
            case "companySize" -> p.companySize();
            case "source" -> p.source();
            case "campaign" -> p.campaign();
            default -> throw new IllegalArgumentException("unknown profile field " + field);
        };
        return value instanceof String s && s.isBlank() ? null : value;
    }

    /** The domain of the lead's e-mail address, else its company domain, lower-case; null when neither is known. */
    static String mailDomain(LeadProfile p) {
        if (p.email() != null && p.email().contains("@")) {
            return p.email().substring(p.email().lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        }
        return p.companyDomain() == null ? null : p.companyDomain().toLowerCase(Locale.ROOT);
    }
}
