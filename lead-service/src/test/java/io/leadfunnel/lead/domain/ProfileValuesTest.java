package io.leadfunnel.lead.domain;

import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileValuesTest {

    @Test
    void email_is_trimmed_and_lower_cased() {
        assertThat(ProfileValues.normalize(ProfileField.EMAIL, "  Jane.Doe@Example.COM ")).isEqualTo("jane.doe@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-email", "a@b", "two@@example.com", "sp ace@example.com", "x@example."})
    void implausible_emails_are_refused_naming_the_field(String email) {
        assertThatThrownBy(() -> ProfileValues.normalize(ProfileField.EMAIL, email))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("email");
    }

    @ParameterizedTest
    @CsvSource({"Germany, DE", "de, DE", "United States, US", "USA, US", "UK, GB", "Atlantis, Atlantis"})
    void countries_become_iso_codes_when_recognised(String given, String expected) {
        assertThat(ProfileValues.normalize(ProfileField.COUNTRY, given)).isEqualTo(expected);
    }

    @Test
    void company_size_accepts_numbers_and_numeric_text_only() {
        assertThat(ProfileValues.normalize(ProfileField.COMPANY_SIZE, "1,200")).isEqualTo(1200);
        assertThat(ProfileValues.normalize(ProfileField.COMPANY_SIZE, 45)).isEqualTo(45);
        assertThatThrownBy(() -> ProfileValues.normalize(ProfileField.COMPANY_SIZE, "many"))
                .hasMessageStartingWith("companySize");
        assertThatThrownBy(() -> ProfileValues.normalize(ProfileField.COMPANY_SIZE, -1))
                .hasMessageStartingWith("companySize");
        assertThatThrownBy(() -> ProfileValues.normalize(ProfileField.COMPANY_SIZE, Double.NaN))
                .hasMessageStartingWith("companySize");
    }

    @Test
    void domains_lose_scheme_www_and_path() {
        assertThat(ProfileValues.normalize(ProfileField.COMPANY_DOMAIN, "https://www.Acme.example/about"))
                .isEqualTo("acme.example");
    }

    @Test
    void sources_and_origins_are_normalized() {
        assertThat(ProfileValues.normalize(ProfileField.SOURCE, "Trade Show")).isEqualTo(LeadSource.TRADE_SHOW);
        assertThat(ProfileValues.normalize(ProfileField.ORIGIN, "sales")).isEqualTo(LeadOrigin.SALES);
        assertThatThrownBy(() -> ProfileValues.normalize(ProfileField.ORIGIN, "partners"))
                .hasMessageStartingWith("origin");
    }

    @Test
    void blank_text_clears_and_overlong_text_is_refused() {
        assertThat(ProfileValues.normalize(ProfileField.TITLE, "   ")).isNull();
        assertThatThrownBy(() -> ProfileValues.normalize(ProfileField.TITLE, "x".repeat(501)))
                .hasMessageStartingWith("title");
    }

    @Test
    void free_mail_domains_imply_no_company() {
        assertThat(ProfileValues.companyDomainOf("someone@gmail.com")).isNull();
        assertThat(ProfileValues.companyDomainOf("someone@acme.example")).isEqualTo("acme.example");
    }
}
