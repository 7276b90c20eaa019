package io.leadfunnel.scoring;

import io.leadfunnel.testing.FunnelInfrastructureResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * The one application all Quarkus tests of scoring-service share (so Quarkus starts once): real Kafka and MongoDB
 * from funnel-testing, a database of its own, and the controllable {@link TestClock}.
 */
public class ScoringTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        // tests share one database: list every lead that crosses the threshold in a preview, not just a sample
        return Map.of("funnel.scoring.preview.sample-size", "1000",
                // re-scoring after an activation takes a few seconds, so tests can watch events scored meanwhile
                "funnel.scoring.rescoring.batch-size", "250",
                "funnel.scoring.rescoring.pause-between-batches", "PT0.1S");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FunnelInfrastructureResource.class,
                Map.of(FunnelInfrastructureResource.DATABASE, "scoring")));
    }
}
