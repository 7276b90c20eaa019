package io.leadfunnel.events;

import java.util.Locale;
import java.util.Map;

/**
 * The normalized lead-source vocabulary every service and metric uses. CRM values are mapped onto it by
 * {@link #fromHubSpot(String)}, {@link #fromSalesforce(String)} and, for free text, {@link #normalize(String)}; the
 * original value is kept beside it on the lead ({@link LeadProfile#sourceDetail()}).
 */
public enum LeadSource {
    WEB(LeadOrigin.MARKETING),
    ORGANIC_SEARCH(LeadOrigin.MARKETING),
    PAID_ADS(LeadOrigin.MARKETING),
    EMAIL_CAMPAIGN(LeadOrigin.MARKETING),
    WEBINAR(LeadOrigin.MARKETING),
    TRADE_SHOW(LeadOrigin.MARKETING),
    EVENT(LeadOrigin.MARKETING),
    REFERRAL(LeadOrigin.SALES),
    PARTNER(LeadOrigin.MARKETING),
    SOCIAL(LeadOrigin.MARKETING),
    OUTBOUND_CALL(LeadOrigin.SALES),
    INBOUND_CALL(LeadOrigin.MARKETING),
    OTHER(LeadOrigin.MARKETING);

    private final LeadOrigin defaultOrigin;

    LeadSource(LeadOrigin defaultOrigin) {
        this.defaultOrigin = defaultOrigin;
    }

    /** The origin assumed when the sender does not say: outbound calls and referrals are sales-sourced. */
    public LeadOrigin defaultOrigin() {
        return defaultOrigin;
    }

    /**
     * HubSpot's original-source values ({@code hs_analytics_source}). HubSpot's {@code REFERRALS} means visits from
     * links on other web sites, so it maps to {@link #WEB}, not to a personal {@link #REFERRAL}.
     */
    private static final Map<String, LeadSource> HUBSPOT = Map.ofEntries(
            Map.entry("ORGANIC_SEARCH", ORGANIC_SEARCH),
            Map.entry("PAID_SEARCH", PAID_ADS),
            Map.entry("PAID_SOCIAL", PAID_ADS),
            Map.entry("EMAIL_MARKETING", EMAIL_CAMPAIGN),
            Map.entry("SOCIAL_MEDIA", SOCIAL),
            Map.entry("REFERRALS", WEB),
            Map.entry("AI_REFERRALS", WEB),
            Map.entry("DIRECT_TRAFFIC", WEB),
            Map.entry("OTHER_CAMPAIGNS", OTHER),
            Map.entry("OFFLINE", OTHER));

    /** Salesforce's standard and commonly configured {@code LeadSource} picklist values, compared in lower case. */
    private static final Map<String, LeadSource> SALESFORCE = Map.ofEntries(
            Map.entry("web", WEB),
            Map.entry("website", WEB),
            Map.entry("phone inquiry", INBOUND_CALL),
            Map.entry("partner referral", PARTNER),
            Map.entry("partner", PARTNER),
            Map.entry("purchased list", OTHER),
            Map.entry("other", OTHER),
            Map.entry("advertisement", PAID_ADS),
            Map.entry("google adwords", PAID_ADS),
            Map.entry("employee referral", REFERRAL),
            Map.entry("external referral", REFERRAL),
            Map.entry("word of mouth", REFERRAL),
            Map.entry("public relations", OTHER),
            Map.entry("seminar - internal", EVENT),
            Map.entry("seminar - partner", EVENT),
            Map.entry("trade show", TRADE_SHOW),
            Map.entry("webinar", WEBINAR),
            Map.entry("email", EMAIL_CAMPAIGN),
            Map.entry("cold call", OUTBOUND_CALL),
            Map.entry("social media", SOCIAL),
            Map.entry("organic search", ORGANIC_SEARCH),
            Map.entry("event", EVENT));

    /** Free-text synonyms, compared after {@link #key(String)}. */
    private static final Map<String, LeadSource> SYNONYMS = Map.ofEntries(
            Map.entry("web", WEB), Map.entry("website", WEB), Map.entry("webform", WEB), Map.entry("form", WEB),
            Map.entry("direct", WEB), Map.entry("directtraffic", WEB),
            Map.entry("organic", ORGANIC_SEARCH), Map.entry("organicsearch", ORGANIC_SEARCH), Map.entry("seo", ORGANIC_SEARCH),
            Map.entry("paid", PAID_ADS), Map.entry("paidads", PAID_ADS), Map.entry("paidsearch", PAID_ADS),
            Map.entry("paidsocial", PAID_ADS), Map.entry("ppc", PAID_ADS), Map.entry("cpc", PAID_ADS),
            Map.entry("ads", PAID_ADS), Map.entry("advertisement", PAID_ADS), Map.entry("googleads", PAID_ADS),
            Map.entry("googleadwords", PAID_ADS),
            Map.entry("email", EMAIL_CAMPAIGN), Map.entry("emailcampaign", EMAIL_CAMPAIGN),
            Map.entry("emailmarketing", EMAIL_CAMPAIGN), Map.entry("newsletter", EMAIL_CAMPAIGN),
            Map.entry("webinar", WEBINAR),
            Map.entry("tradeshow", TRADE_SHOW), Map.entry("tradefair", TRADE_SHOW), Map.entry("expo", TRADE_SHOW),
            Map.entry("event", EVENT), Map.entry("events", EVENT), Map.entry("conference", EVENT), Map.entry("seminar", EVENT),
            Map.entry("referral", REFERRAL), Map.entry("referrals", REFERRAL), Map.entry("wordofmouth", REFERRAL),
            Map.entry("employeereferral", REFERRAL), Map.entry("customerreferral", REFERRAL),
            Map.entry("partner", PARTNER), Map.entry("partnerreferral", PARTNER), Map.entry("reseller", PARTNER),
            Map.entry("social", SOCIAL), Map.entry("socialmedia", SOCIAL), Map.entry("linkedin", SOCIAL),
            Map.entry("outbound", OUTBOUND_CALL), Map.entry("outboundcall", OUTBOUND_CALL), Map.entry("coldcall", OUTBOUND_CALL),
            Map.entry("inbound", INBOUND_CALL), Map.entry("inboundcall", INBOUND_CALL), Map.entry("phoneinquiry", INBOUND_CALL),
            Map.entry("other", OTHER));

    /** Maps a HubSpot {@code hs_analytics_source} value; unknown or empty values become {@link #OTHER}. */
    public static LeadSource fromHubSpot(String value) {
        if (value == null || value.isBlank()) {
            return OTHER;
        }
        LeadSource mapped = HUBSPOT.get(value.trim().toUpperCase(Locale.ROOT));
        return mapped != null ? mapped : normalize(value);
    }

    /** Maps a Salesforce {@code LeadSource} picklist value; unknown or empty values become {@link #OTHER}. */
    public static LeadSource fromSalesforce(String value) {
        if (value == null || value.isBlank()) {
            return OTHER;
        }
        LeadSource mapped = SALESFORCE.get(value.trim().toLowerCase(Locale.ROOT));
        return mapped != null ? mapped : normalize(value);
    }

    /**
     * Maps free text (a generic sender's value, or one of this enum's own names in any case) onto the vocabulary;
     * anything unrecognised becomes {@link #OTHER}.
     */
    public static LeadSource normalize(String value) {
        if (value == null || value.isBlank()) {
            return OTHER;
        }
        String key = key(value);
        for (LeadSource source : values()) {
            if (key(source.name()).equals(key)) {
                return source;
            }
        }
        LeadSource mapped = SYNONYMS.get(key);
        return mapped != null ? mapped : OTHER;
    }

    private static String key(String value) {
        StringBuilder key = new StringBuilder(value.length());
        for (char c : value.toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                key.append(c);
            }
        }
        return key.toString();
    }
}
