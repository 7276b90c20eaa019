package io.leadfunnel.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class LeadSourceTest {

    @ParameterizedTest
    @CsvSource({
            "ORGANIC_SEARCH, ORGANIC_SEARCH",
            "PAID_SEARCH, PAID_ADS",
            "PAID_SOCIAL, PAID_ADS",
            "EMAIL_MARKETING, EMAIL_CAMPAIGN",
            "SOCIAL_MEDIA, SOCIAL",
            "REFERRALS, WEB",
            "DIRECT_TRAFFIC, WEB",
            "OFFLINE, OTHER",
            "OTHER_CAMPAIGNS, OTHER",
            "direct_traffic, WEB"
    })
    void maps_hubspot_original_sources(String hubspot, LeadSource expected) {
        assertThat(LeadSource.fromHubSpot(hubspot)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "Web, WEB",
            "Phone Inquiry, INBOUND_CALL",
            "Partner Referral, PARTNER",
            "Purchased List, OTHER",
            "Employee Referral, REFERRAL",
            "Trade Show, TRADE_SHOW",
            "Cold Call, OUTBOUND_CALL",
            "Seminar - Internal, EVENT",
            "Google AdWords, PAID_ADS",
            "webinar, WEBINAR"
    })
    void maps_salesforce_lead_sources(String salesforce, LeadSource expected) {
        assertThat(LeadSource.fromSalesforce(salesforce)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "organic search, ORGANIC_SEARCH",
            "Trade-Show, TRADE_SHOW",
            "e-mail campaign, EMAIL_CAMPAIGN",
            "LinkedIn, SOCIAL",
            "outbound call, OUTBOUND_CALL",
            "Inbound Call, INBOUND_CALL",
            "carrier pigeon, OTHER"
    })
    void normalizes_free_text(String text, LeadSource expected) {
        assertThat(LeadSource.normalize(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(LeadSource.class)
    void every_vocabulary_name_maps_to_itself(LeadSource source) {
        assertThat(LeadSource.normalize(source.name())).isEqualTo(source);
        assertThat(LeadSource.normalize(source.name().toLowerCase().replace('_', ' '))).isEqualTo(source);
    }

    @Test
    void empty_or_missing_values_are_other() {
        assertThat(LeadSource.fromHubSpot(null)).isEqualTo(LeadSource.OTHER);
        assertThat(LeadSource.fromSalesforce("  ")).isEqualTo(LeadSource.OTHER);
        assertThat(LeadSource.normalize("")).isEqualTo(LeadSource.OTHER);
    }

    @Test
    void outbound_calls_and_referrals_are_sales_sourced() {
        assertThat(LeadSource.OUTBOUND_CALL.defaultOrigin()).isEqualTo(LeadOrigin.SALES);
        assertThat(LeadSource.REFERRAL.defaultOrigin()).isEqualTo(LeadOrigin.SALES);
        assertThat(LeadSource.WEBINAR.defaultOrigin()).isEqualTo(LeadOrigin.MARKETING);
    }
}
