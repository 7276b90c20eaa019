package io.leadfunnel.scoring.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The profile attributes a fit rule may read. Names only what scoring needs: no names, no full e-mail address. */
public enum FitAttribute {
    TITLE("title", false, true),
    INDUSTRY("industry", false, false),
    COUNTRY("country", false, false),
    COMPANY_SIZE("companySize", true, false),
    COMPANY_DOMAIN("companyDomain", false, true),
    EMAIL_DOMAIN("emailDomain", false, true);

    private final String jsonName;
    private final boolean numeric;
    private final boolean personal;

    FitAttribute(String jsonName, boolean numeric, boolean personal) {
        this.jsonName = jsonName;
        this.numeric = numeric;
        this.personal = personal;
    }

    /** The name used in models, e.g. {@code companySize}. */
    public String jsonName() {
        return jsonName;
    }

    public boolean numeric() {
        return numeric;
    }

    /** Whether a reason may not quote the lead's value (it could identify the person). */
    public boolean personal() {
        return personal;
    }

    public static Optional<FitAttribute> byName(String name) {
        return Arrays.stream(values()).filter(a -> a.jsonName.equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(FitAttribute::jsonName).toList();
    }

    /** The attribute's value in a profile, or null when unknown. */
    public Object valueIn(ScoringProfile profile) {
        return switch (this) {
            case TITLE -> profile.title();
            case INDUSTRY -> profile.industry();
            case COUNTRY -> profile.country();
            case COMPANY_SIZE -> profile.companySize();
            case COMPANY_DOMAIN -> profile.companyDomain();
            case EMAIL_DOMAIN -> profile.emailDomain();
        };
    }
}
