package io.leadfunnel.lead.domain;

import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadSource;

import java.util.Locale;
import java.util.Set;

/** Normalization of profile values, so that the same person typed twice is the same lead. */
public final class ProfileValues {

    /** Longest text kept in any profile field. */
    public static final int MAX_TEXT = 500;

    /**
     * Web-mail providers: an address there says nothing about the employer, so no company domain is derived from it.
     */
    static final Set<String> FREE_MAIL_DOMAINS = Set.of(
            "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.de", "yahoo.fr", "hotmail.com",
            "hotmail.co.uk", "hotmail.de", "hotmail.fr", "outlook.com", "live.com", "msn.com", "aol.com", "icloud.com",
            "me.com", "mac.com", "gmx.de", "gmx.net", "gmx.com", "web.de", "t-online.de", "proton.me", "protonmail.com",
            "yandex.ru", "mail.ru", "zoho.com", "fastmail.com", "qq.com", "163.com", "orange.fr", "free.fr", "libero.it");

    private ProfileValues() {
    }

    /** Canonical e-mail: trimmed and lower-cased; null when blank. */
    public static String canonicalEmail(String email) {
        if (email == null) {
            return null;
        }
        String trimmed = email.trim().toLowerCase(Locale.ROOT);
        return trimmed.isEmpty() ? null : trimmed;
    }

    /** Whether the text looks like an e-mail address (one {@code @}, a dot in the domain, no spaces). */
    public static boolean isPlausibleEmail(String email) {
        if (email == null || email.length() > 254 || email.chars().anyMatch(Character::isWhitespace)) {
            return false;
        }
        int at = email.indexOf('@');
        return at > 0 && at == email.lastIndexOf('@') && email.indexOf('.', at) > at + 1 && !email.endsWith(".");
    }

    /** The company domain an e-mail address implies, or null for web-mail providers. */
    public static String companyDomainOf(String canonicalEmail) {
        if (canonicalEmail == null || !canonicalEmail.contains("@")) {
            return null;
        }
        String domain = canonicalEmail.substring(canonicalEmail.lastIndexOf('@') + 1);
        return FREE_MAIL_DOMAINS.contains(domain) ? null : domain;
    }

    /** Lower-cased host without scheme, {@code www.} prefix or path. */
    public static String canonicalDomain(String domain) {
        if (domain == null) {
            return null;
        }
        String d = domain.trim().toLowerCase(Locale.ROOT);
        d = d.replaceFirst("^[a-z]+://", "");
        int slash = d.indexOf('/');
        if (slash >= 0) {
            d = d.substring(0, slash);
        }
        if (d.startsWith("www.")) {
            d = d.substring(4);
        }
        return d.isEmpty() ? null : d;
    }

    /** Converts and normalizes a value for a field; throws {@link IllegalArgumentException} naming the field. */
    public static Object normalize(ProfileField field, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s && s.isBlank()) {
            return null;
        }
        return switch (field) {
            case EMAIL -> {
                String email = canonicalEmail(text(field, value));
                if (!isPlausibleEmail(email)) {
                    throw new IllegalArgumentException(field.jsonName() + ": not an e-mail address");
                }
                yield email;
            }
            case COMPANY_DOMAIN -> canonicalDomain(text(field, value));
            case COUNTRY -> country(text(field, value));
            case COMPANY_SIZE -> companySize(value);
            case SOURCE -> value instanceof LeadSource source ? source : LeadSource.normalize(text(field, value));
            case ORIGIN -> origin(value);
            default -> text(field, value);
        };
    }

    private static String text(ProfileField field, Object value) {
        String s = value.toString().trim();
        if (s.length() > MAX_TEXT) {
            throw new IllegalArgumentException(field.jsonName() + ": longer than " + MAX_TEXT + " characters");
        }
        return s;
    }

    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());

    private static String country(String value) {
        String upper = value.toUpperCase(Locale.ROOT);
        if (upper.equals("UK")) {
            return "GB";
        }
        if (value.length() == 2 && ISO_COUNTRIES.contains(upper)) {
            return upper;
        }
        for (String code : Locale.getISOCountries()) {
            if (new Locale("", code).getDisplayCountry(Locale.ENGLISH).equalsIgnoreCase(value)) {
                return code;
            }
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "usa", "us", "united states of america", "u.s.", "u.s.a." -> "US";
            case "uk", "great britain", "england" -> "GB";
            default -> value;
        };
    }

    private static Integer companySize(Object value) {
        long size;
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d) || d != Math.rint(d)) {
                throw new IllegalArgumentException("companySize: not a whole number");
            }
            size = n.longValue();
        } else {
            String s = value.toString().trim().replace(",", "").replace("_", "");
            try {
                size = Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("companySize: not a whole number");
            }
        }
        if (size < 0 || size > 10_000_000) {
            throw new IllegalArgumentException("companySize: must be between 0 and 10000000");
        }
        return (int) size;
    }

    private static LeadOrigin origin(Object value) {
        if (value instanceof LeadOrigin origin) {
            return origin;
        }
        try {
            return LeadOrigin.valueOf(value.toString().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("origin: must be MARKETING or SALES");
        }
    }
}
