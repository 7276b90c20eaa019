package io.leadfunnel.metrics;

import io.leadfunnel.testing.FunnelInfrastructureResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The application as the local run starts it: the funnel page's login at the development identity provider. */
public class DevLoginProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("funnel.metrics.gauge-refresh", "2s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FunnelInfrastructureResource.class,
                Map.of(FunnelInfrastructureResource.DATABASE, "metrics")),
                new TestResourceEntry(DevLoginResource.class));
    }
}
