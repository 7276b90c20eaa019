package io.leadfunnel.lead;

import io.leadfunnel.testing.FunnelInfrastructureResource;
import io.leadfunnel.testing.kits.HttpHardening;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.HashMap;
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
    /** A generic source with a low rate limit, used only by the rate-limit test. */
    public static final String LIMITED_SOURCE = "ratelimited";
    /** A token subject with a low rate limit, used only by the rate-limit test: the shared kit's probe client. */
    public static final String LIMITED_USER = HttpHardening.RATE_LIMIT_PROBE;
    /** The burst of the limited source and user; they refill at one request every 10 s. */
    public static final int LIMITED_BURST = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(Map.of(
                "funnel.lead.webhooks.public-base-url", PUBLIC_BASE_URL,
                "funnel.lead.webhooks.hubspot.secret", HUBSPOT_SECRET,
                "funnel.lead.webhooks.hubspot.previous-secret", HUBSPOT_PREVIOUS_SECRET,
                "funnel.lead.webhooks.salesforce.organization-ids", "00D5e000000OtherAA," + SALESFORCE_ORG_ID,
                "funnel.lead.webhooks.generic." + SOURCE + ".secret", SOURCE_SECRET,
                "funnel.lead.webhooks.generic." + SOURCE + ".previous-secret", SOURCE_PREVIOUS_SECRET));
        config.put("funnel.lead.webhooks.generic." + LIMITED_SOURCE + ".secret", "test-limited-secret");
        // low limits for one source and one user that only RateLimitTest uses; the rest keep the defaults, except
        // the senders and users the fuzz suites drive as fast as they can
        config.put("funnel.rate-limit.webhooks.sources." + LIMITED_SOURCE + ".per-second", "0.1");
        config.put("funnel.rate-limit.webhooks.sources." + LIMITED_SOURCE + ".burst", Integer.toString(LIMITED_BURST));
        config.put("funnel.rate-limit.api.clients." + LIMITED_USER + ".per-second", "0.1");
        config.put("funnel.rate-limit.api.clients." + LIMITED_USER + ".burst", Integer.toString(LIMITED_BURST));
        for (String fast : List.of("hubspot", "salesforce", SOURCE)) {
            config.put("funnel.rate-limit.webhooks.sources." + fast + ".per-second", "1000000");
            config.put("funnel.rate-limit.webhooks.sources." + fast + ".burst", "1000000");
        }
        for (String user : List.of("ada", "fuzz")) {
            config.put("funnel.rate-limit.api.clients." + user + ".per-second", "1000000");
            config.put("funnel.rate-limit.api.clients." + user + ".burst", "1000000");
        }
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FunnelInfrastructureResource.class,
                Map.of(FunnelInfrastructureResource.DATABASE, "lead")));
    }
}
