package io.leadfunnel.lead;

import io.leadfunnel.testing.FunnelInfrastructureResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * The application every lead-service test runs against: real Kafka and MongoDB from funnel-testing, and the webhook
 * senders' secrets. All test classes share it, so Quarkus starts once for the module.
 */
public class LeadServiceTestProfile implements QuarkusTestProfile {

    public static final String PUBLIC_BASE_URL = "https://funnel.example.com";
    public static final String HUBSPOT_SECRET = "test-hubspot-secret";
    public static final String HUBSPOT_PREVIOUS_SECRET = "test-hubspot-previous-secret";
    public static final String SOURCE = "events";
    public static final String SOURCE_SECRET = "test-events-secret";
    public static final String SOURCE_PREVIOUS_SECRET = "test-events-previous-secret";
    public static final String SALESFORCE_ORG_ID = "00D5e000000TestAAA";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "funnel.lead.webhooks.public-base-url", PUBLIC_BASE_URL,
                "funnel.lead.webhooks.hubspot.secret", HUBSPOT_SECRET,
                "funnel.lead.webhooks.hubspot.previous-secret", HUBSPOT_PREVIOUS_SECRET,
                "funnel.lead.webhooks.salesforce.organization-ids", "00D5e000000OtherAA," + SALESFORCE_ORG_ID,
                "funnel.lead.webhooks.generic." + SOURCE + ".secret", SOURCE_SECRET,
                "funnel.lead.webhooks.generic." + SOURCE + ".previous-secret", SOURCE_PREVIOUS_SECRET);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FunnelInfrastructureResource.class,
                Map.of(FunnelInfrastructureResource.DATABASE, "lead")));
    }
}
