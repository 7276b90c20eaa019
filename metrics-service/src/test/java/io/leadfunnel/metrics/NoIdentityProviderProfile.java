package io.leadfunnel.metrics;

import io.leadfunnel.testing.FunnelInfrastructureResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * The application started as the end-to-end and benchmark runs start it: login required (the default) but no
 * identity provider configured.
 */
public class NoIdentityProviderProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.oidc.page.auth-server-url", "");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FunnelInfrastructureResource.class,
                Map.of(FunnelInfrastructureResource.DATABASE, "metrics")));
    }
}
