package io.leadfunnel.testing;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FunnelInfrastructureResourceTest {

    static class SomeTest {
        @InjectFunnelInfrastructure
        FunnelInfrastructure infrastructure;

        FunnelInfrastructure notAnnotated;
    }

    @Test
    void pointsTheServiceAtTheSharedEnginesWithADatabaseOfItsOwn() {
        FunnelInfrastructureResource resource = new FunnelInfrastructureResource();
        resource.init(Map.of(FunnelInfrastructureResource.DATABASE, "scoring"));

        Map<String, String> config = resource.start();

        FunnelInfrastructure infrastructure = FunnelInfrastructure.get();
        assertThat(config)
                .containsEntry("kafka.bootstrap.servers", infrastructure.kafkaBootstrapServers())
                .containsEntry("quarkus.mongodb.connection-string", infrastructure.mongoConnectionString())
                .containsEntry("quarkus.kafka.devservices.enabled", "false")
                .containsEntry("quarkus.mongodb.devservices.enabled", "false")
                .containsEntry("mp.jwt.verify.issuer", "https://leadfunnel.local/dev")
                .containsEntry("mp.jwt.verify.publickey.location",
                        "classpath:io/leadfunnel/testing/jwt/dev-public-key.pem");
        assertThat(config.get("quarkus.mongodb.database")).matches("scoring-test-[0-9a-f]{8}");
        assertThat(getClass().getClassLoader().getResource("io/leadfunnel/testing/jwt/dev-public-key.pem"))
                .isNotNull();
    }

    @Test
    void eachInitGetsAnotherDatabase() {
        FunnelInfrastructureResource first = new FunnelInfrastructureResource();
        FunnelInfrastructureResource second = new FunnelInfrastructureResource();
        first.init(Map.of());
        second.init(Map.of());

        assertThat(first.database()).startsWith("funnel-test-").isNotEqualTo(second.database());
    }

    @Test
    void injectsIntoAnnotatedFieldsOnly() {
        FunnelInfrastructureResource resource = new FunnelInfrastructureResource();
        resource.init(Map.of());
        resource.start();
        SomeTest test = new SomeTest();

        resource.inject((value, predicate) -> {
            for (Field field : SomeTest.class.getDeclaredFields()) {
                if (predicate.test(field)) {
                    try {
                        field.set(test, value);
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        });

        assertThat(test.infrastructure).isSameAs(FunnelInfrastructure.get());
        assertThat(test.notAnnotated).isNull();
    }
}
