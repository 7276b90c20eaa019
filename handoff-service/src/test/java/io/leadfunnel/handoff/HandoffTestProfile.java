package io.leadfunnel.handoff;

import io.leadfunnel.testing.FunnelInfrastructureResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * The one test application of handoff-service: real Kafka and MongoDB from funnel-testing, the SLA timer checking
 * every second. Every Quarkus test class uses it, so Quarkus starts once.
 */
public class HandoffTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("funnel.handoff.sla.check-interval", "1s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FunnelInfrastructureResource.class,
                Map.of(FunnelInfrastructureResource.DATABASE, "handoff")));
    }
}
