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
    /** The token the Salesforce endpoint URL carries ({@code ?token=}), and the previous one of a rotation. */
    public static final String SALESFORCE_TOKEN = "test-salesforce-token-4f9c2e7a1b8d0c3e5f6a7b8c9d0e1f2a";
    public static final String SALESFORCE_PREVIOUS_TOKEN = "test-salesforce-previous-token-0a1b2c3d4e5f60718293a4b5";
    /**
     * Client addresses the rate-limit test simulates through {@code X-Forwarded-For} from the trusted local proxy:
     * one floods the webhooks with bad signatures, one rotates forged bearer tokens, one is a valid sender. Each may
     * fail authentication {@link #ADDRESS_BURST} times (then once per 10 s); every other address practically without
     * limit, because the other tests send many refused requests from the loopback address.
     */
    public static final String FLOODING_ADDRESS = "203.0.113.66";
    public static final String FORGING_ADDRESS = "203.0.113.77";
    public static final String VALID_SENDER_ADDRESS = "198.51.100.10";
    public static final int ADDRESS_BURST = 5;
    /** A client address that may fail authentication once (then once per 10 s): the refused-body test's own. */
    public static final String REFUSED_BODY_ADDRESS = "203.0.113.88";
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
                "funnel.lead.webhooks.salesforce.token", SALESFORCE_TOKEN,
                "funnel.lead.webhooks.salesforce.previous-token", SALESFORCE_PREVIOUS_TOKEN,
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
        // the tests connect from the loopback address, which acts as the trusted proxy in front of the service
        config.put("funnel.http.trusted-proxies", "127.0.0.1,::1");
        config.put("funnel.rate-limit.unauthenticated.per-second", "1000000");
        config.put("funnel.rate-limit.unauthenticated.burst", "1000000");
        for (String address : List.of(FLOODING_ADDRESS, FORGING_ADDRESS, VALID_SENDER_ADDRESS)) {
            config.put("funnel.rate-limit.unauthenticated.addresses.\"" + address + "\".per-second", "0.1");
            config.put("funnel.rate-limit.unauthenticated.addresses.\"" + address + "\".burst",
                    Integer.toString(address.equals(VALID_SENDER_ADDRESS) ? 1 : ADDRESS_BURST));
        }
        config.put("funnel.rate-limit.unauthenticated.addresses.\"" + REFUSED_BODY_ADDRESS + "\".per-second", "0.1");
        config.put("funnel.rate-limit.unauthenticated.addresses.\"" + REFUSED_BODY_ADDRESS + "\".burst", "1");
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
