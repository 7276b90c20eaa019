package io.leadfunnel.lead.domain;

import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadSource;

import java.util.Arrays;
import java.util.Optional;

/** The profile fields of a lead, named as in {@link io.leadfunnel.events.LeadProfile}, with the type each holds. */
public enum ProfileField {
    EMAIL("email", String.class, true),
    FIRST_NAME("firstName", String.class, true),
    LAST_NAME("lastName", String.class, true),
    COMPANY("company", String.class, true),
    COMPANY_DOMAIN("companyDomain", String.class, true),
    TITLE("title", String.class, true),
    COUNTRY("country", String.class, false),
    INDUSTRY("industry", String.class, false),
    COMPANY_SIZE("companySize", Integer.class, false),
    SOURCE("source", LeadSource.class, false),
    SOURCE_DETAIL("sourceDetail", String.class, false),
    CAMPAIGN("campaign", String.class, false),
    ORIGIN("origin", LeadOrigin.class, false);

    private final String jsonName;
    private final Class<?> type;
    private final boolean personal;

    ProfileField(String jsonName, Class<?> type, boolean personal) {
        this.jsonName = jsonName;
        this.type = type;
        this.personal = personal;
    }

    /** The field's name in JSON and in the stored document. */
    public String jsonName() {
        return jsonName;
    }

    /** The Java type of the field's value. */
    public Class<?> type() {
        return type;
    }

    /** Whether erasure removes it: personal data goes, anonymous funnel facts (segment, source) stay. */
    public boolean isPersonal() {
        return personal;
    }

    public static Optional<ProfileField> byJsonName(String name) {
        return Arrays.stream(values()).filter(f -> f.jsonName.equals(name)).findFirst();
    }
}
