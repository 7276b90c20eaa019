package io.leadfunnel.lead.webhook;

import io.leadfunnel.testing.FunnelInfrastructureResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * The webhook tests' application: real Kafka and MongoDB from funnel-testing, and the senders' secrets. All webhook
 * test classes share it, so Quarkus starts once for them.
 */
public class WebhookTestProfile implements QuarkusTestProfile {

    static final String PUBLIC_BASE_URL = "https://funnel.example.com";
    static final String HUBSPOT_SECRET = "test-hubspot-secret";
    static final String HUBSPOT_PREVIOUS_SECRET = "test-hubspot-previous-secret";
    static final String SOURCE = "events";
    static final String SOURCE_SECRET = "test-events-secret";
    static final String SOURCE_PREVIOUS_SECRET = "test-events-previous-secret";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "funnel.lead.webhooks.public-base-url", PUBLIC_BASE_URL,
                "funnel.lead.webhooks.hubspot.secret", HUBSPOT_SECRET,
                "funnel.lead.webhooks.hubspot.previous-secret", HUBSPOT_PREVIOUS_SECRET,
                "funnel.lead.webhooks.salesforce.organization-ids", "00D5e000000OtherAA," + WebhookSamples.ORG_ID,
                "funnel.lead.webhooks.generic." + SOURCE + ".secret", SOURCE_SECRET,
                "funnel.lead.webhooks.generic." + SOURCE + ".previous-secret", SOURCE_PREVIOUS_SECRET);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FunnelInfrastructureResource.class,
                Map.of(FunnelInfrastructureResource.DATABASE, "lead-webhooks")));
    }
}
