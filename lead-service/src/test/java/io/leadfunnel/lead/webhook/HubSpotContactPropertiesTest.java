package io.leadfunnel.lead.webhook;

import io.leadfunnel.events.LeadSource;
import io.leadfunnel.lead.domain.ProfileField;
import io.leadfunnel.lead.domain.ProfilePatch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubSpotContactPropertiesTest {

    @Test
    void maps_the_kept_properties_to_profile_fields() {
        assertThat(value("email", " Ada@Example.COM ", ProfileField.EMAIL)).isEqualTo("ada@example.com");
        assertThat(value("firstname", "Ada", ProfileField.FIRST_NAME)).isEqualTo("Ada");
        assertThat(value("lastname", "Lovelace", ProfileField.LAST_NAME)).isEqualTo("Lovelace");
        assertThat(value("company", "Analytical", ProfileField.COMPANY)).isEqualTo("Analytical");
        assertThat(value("jobtitle", "CTO", ProfileField.TITLE)).isEqualTo("CTO");
        assertThat(value("country", "Germany", ProfileField.COUNTRY)).isEqualTo("DE");
        assertThat(value("industry", "Software", ProfileField.INDUSTRY)).isEqualTo("Software");
        assertThat(value("numberofemployees", "250", ProfileField.COMPANY_SIZE)).isEqualTo(250);
        assertThat(value("website", "https://www.example.com/about", ProfileField.COMPANY_DOMAIN))
                .isEqualTo("example.com");
        assertThat(value("domain", "example.org", ProfileField.COMPANY_DOMAIN)).isEqualTo("example.org");
        assertThat(value("hs_analytics_source_data_1", "spring-launch", ProfileField.CAMPAIGN))
                .isEqualTo("spring-launch");
        assertThat(value("campaign", "autumn", ProfileField.CAMPAIGN)).isEqualTo("autumn");
    }

    @Test
    void the_original_source_keeps_the_raw_value_beside_the_normalized_one() {
        ProfilePatch patch = HubSpotContactProperties.patch("hs_analytics_source", "PAID_SEARCH").orElseThrow();
        assertThat(patch.get(ProfileField.SOURCE)).isEqualTo(LeadSource.PAID_ADS);
        assertThat(patch.get(ProfileField.SOURCE_DETAIL)).isEqualTo("PAID_SEARCH");
    }

    @Test
    void an_empty_value_clears_the_field() {
        ProfilePatch patch = HubSpotContactProperties.patch("jobtitle", "").orElseThrow();
        assertThat(patch.contains(ProfileField.TITLE)).isTrue();
        assertThat(patch.get(ProfileField.TITLE)).isNull();
        ProfilePatch source = HubSpotContactProperties.patch("hs_analytics_source", null).orElseThrow();
        assertThat(source.values()).containsKeys(ProfileField.SOURCE, ProfileField.SOURCE_DETAIL);
        assertThat(source.get(ProfileField.SOURCE)).isNull();
    }

    @Test
    void other_properties_are_ignored() {
        assertThat(HubSpotContactProperties.patch("hs_lead_status", "NEW")).isEmpty();
        assertThat(HubSpotContactProperties.patch("Email", "a@b.io")).isEmpty();
    }

    @Test
    void an_invalid_value_is_refused_naming_the_field() {
        assertThatThrownBy(() -> HubSpotContactProperties.patch("email", "not an address"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("email");
        assertThatThrownBy(() -> HubSpotContactProperties.patch("numberofemployees", "many"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("companySize");
    }

    private static Object value(String property, String value, ProfileField field) {
        ProfilePatch patch = HubSpotContactProperties.patch(property, value).orElseThrow();
        assertThat(patch.values()).containsOnlyKeys(field);
        return patch.get(field);
    }
}
