package io.leadfunnel.lead.webhook;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SalesforceOrganizationsTest {

    @Test
    void an_18_character_id_matches_its_15_character_form_and_vice_versa() {
        assertThat(SalesforceOrganizations.allowed(List.of("00D5e000000Test"), "00D5e000000TestAAA")).isTrue();
        assertThat(SalesforceOrganizations.allowed(List.of("00D5e000000TestAAA"), "00D5e000000Test")).isTrue();
        assertThat(SalesforceOrganizations.allowed(List.of(" 00D5e000000TestAAA "), "00D5e000000TestXYZ")).isTrue();
    }

    @Test
    void the_15_character_id_is_case_sensitive() {
        assertThat(SalesforceOrganizations.allowed(List.of("00D5e000000TestAAA"), "00D5E000000TESTAAA")).isFalse();
    }

    @Test
    void other_ids_and_non_ids_are_refused() {
        assertThat(SalesforceOrganizations.allowed(List.of("00D5e000000TestAAA"), "00D5e000000OtheAAA")).isFalse();
        assertThat(SalesforceOrganizations.allowed(List.of("00D5e000000TestAAA"), "00D5e000000Tes")).isFalse();
        assertThat(SalesforceOrganizations.allowed(List.of("00D5e000000TestAAA"), null)).isFalse();
        assertThat(SalesforceOrganizations.allowed(List.of(), "00D5e000000TestAAA")).isFalse();
    }
}
