package io.leadfunnel.lead.domain;

import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadSource;

import java.util.EnumMap;
import java.util.Map;

/** Converts between the field map the aggregate holds and the contract's {@link LeadProfile}. */
public final class ProfileFields {

    private ProfileFields() {
    }

    public static LeadProfile toProfile(Map<ProfileField, Object> p) {
        return new LeadProfile(
                (String) p.get(ProfileField.EMAIL),
                (String) p.get(ProfileField.FIRST_NAME),
                (String) p.get(ProfileField.LAST_NAME),
                (String) p.get(ProfileField.COMPANY),
                (String) p.get(ProfileField.COMPANY_DOMAIN),
                (String) p.get(ProfileField.TITLE),
                (String) p.get(ProfileField.COUNTRY),
                (String) p.get(ProfileField.INDUSTRY),
                (Integer) p.get(ProfileField.COMPANY_SIZE),
                (LeadSource) p.get(ProfileField.SOURCE),
                (String) p.get(ProfileField.SOURCE_DETAIL),
                (String) p.get(ProfileField.CAMPAIGN),
                (LeadOrigin) p.get(ProfileField.ORIGIN));
    }

    public static Map<ProfileField, Object> toMap(LeadProfile profile) {
        Map<ProfileField, Object> map = new EnumMap<>(ProfileField.class);
        if (profile == null) {
            return map;
        }
        put(map, ProfileField.EMAIL, profile.email());
        put(map, ProfileField.FIRST_NAME, profile.firstName());
        put(map, ProfileField.LAST_NAME, profile.lastName());
        put(map, ProfileField.COMPANY, profile.company());
        put(map, ProfileField.COMPANY_DOMAIN, profile.companyDomain());
        put(map, ProfileField.TITLE, profile.title());
        put(map, ProfileField.COUNTRY, profile.country());
        put(map, ProfileField.INDUSTRY, profile.industry());
        put(map, ProfileField.COMPANY_SIZE, profile.companySize());
        put(map, ProfileField.SOURCE, profile.source());
        put(map, ProfileField.SOURCE_DETAIL, profile.sourceDetail());
        put(map, ProfileField.CAMPAIGN, profile.campaign());
        put(map, ProfileField.ORIGIN, profile.origin());
        return map;
    }

    private static void put(Map<ProfileField, Object> map, ProfileField field, Object value) {
        if (value != null) {
            map.put(field, value);
        }
    }
}
