package io.leadfunnel.scoring.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The model seeded as version 1 on first start; the README's worked example uses it. */
public final class DefaultModel {

    private DefaultModel() {
    }

    public static ScoringModel create() {
        List<FitRule> fit = List.of(
                FitRule.in("fit.industry", "industry", 25, null,
                        "Software", "Manufacturing", "Financial Services", "Healthcare", "Logistics"),
                FitRule.range("fit.companySize.1-50", "companySize", 5, "companySize", 1d, 50d),
                FitRule.range("fit.companySize.51-200", "companySize", 15, "companySize", 51d, 200d),
                FitRule.range("fit.companySize.201-1000", "companySize", 25, "companySize", 201d, 1000d),
                FitRule.range("fit.companySize.1001+", "companySize", 20, "companySize", 1001d, null),
                FitRule.contains("fit.seniority.c-level", "title", 30, "seniority",
                        "chief", "ceo", "cto", "cfo", "cio", "cmo", "coo", "founder", "owner"),
                FitRule.contains("fit.seniority.vp", "title", 20, "seniority",
                        "vp", "svp", "evp", "vice president"),
                FitRule.contains("fit.seniority.director", "title", 15, "seniority", "director"),
                FitRule.contains("fit.seniority.head", "title", 15, "seniority", "head of"),
                FitRule.in("fit.country", "country", 10, null, "DE", "AT", "CH", "US", "GB", "FR", "NL"),
                FitRule.in("fit.freeMail", "emailDomain", -20, null,
                        "gmail.com", "googlemail.com", "yahoo.com", "hotmail.com", "outlook.com", "live.com",
                        "icloud.com", "aol.com", "gmx.de", "gmx.net", "web.de"),
                FitRule.in("fit.competitor.company", "companyDomain", -50, "competitor",
                        "rival-funnel.example", "leadmagnet-competitor.example"),
                FitRule.in("fit.competitor.email", "emailDomain", -50, "competitor",
                        "rival-funnel.example", "leadmagnet-competitor.example"));
        Map<String, ActivityRule> engagement = new LinkedHashMap<>();
        engagement.put("EMAIL_OPEN", new ActivityRule(1d, 5d));
        engagement.put("EMAIL_CLICK", new ActivityRule(3d, 15d));
        engagement.put("PAGE_VIEW", new ActivityRule(1d, 10d));
        engagement.put("PRICING_PAGE_VIEW", new ActivityRule(10d, 20d));
        engagement.put("FORM_SUBMIT", new ActivityRule(10d, 20d));
        engagement.put("WEBINAR_REGISTERED", new ActivityRule(5d, 10d));
        engagement.put("WEBINAR_ATTENDED", new ActivityRule(10d, 20d));
        engagement.put("DEMO_REQUESTED", new ActivityRule(35d, 40d));
        engagement.put("TRIAL_STARTED", new ActivityRule(30d, 40d));
        engagement.put("EVENT_VISIT", new ActivityRule(10d, 20d));
        engagement.put("CALL", new ActivityRule(10d, 20d));
        engagement.put("MEETING", new ActivityRule(20d, 30d));
        return new ScoringModel(1, "Default model: target industries, size, seniority and markets; "
                + "engagement halves every 30 days and counts for 180 days", fit, engagement, 30d, 180d, 0.6, 0.4,
                ScoringModel.BASIS_FIT, List.of(new GradeBand("A", 75d), new GradeBand("B", 50d),
                new GradeBand("C", 25d), new GradeBand("D", 0d)), 60);
    }
}
