package io.leadfunnel.metrics;

import io.leadfunnel.testing.FunnelInfrastructureResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

import java.util.List;
import java.util.Map;

/**
 * The one application of all metrics-service Quarkus tests: real Kafka and MongoDB from funnel-testing, and Quarkus's
 * OIDC test server (WireMock) as the identity provider of the funnel page's login.
 */
public class MetricsTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        // one instance: a generation left by a rebuild is dropped at once, before the rebuild reports its end
        return Map.of("funnel.metrics.gauge-refresh", "2s", "funnel.metrics.rebuild-drop-after", "PT0S");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FunnelInfrastructureResource.class,
                Map.of(FunnelInfrastructureResource.DATABASE, "metrics")),
                new TestResourceEntry(OidcWiremockTestResource.class));
    }
}
