package io.leadfunnel.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;
import java.util.UUID;

/**
 * The one Quarkus test resource of the funnel's services: points a service at the shared {@link FunnelInfrastructure}
 * (creating the funnel topics), gives it a database of its own, and configures bearer-token verification with the
 * development key pair that {@link TestTokens} signs with.
 * <pre>
 * &#64;QuarkusTest
 * &#64;QuarkusTestResource(value = FunnelInfrastructureResource.class,
 *         initArgs = &#64;ResourceArg(name = FunnelInfrastructureResource.DATABASE, value = "scoring"))
 * class ScoringTest {
 *     &#64;InjectFunnelInfrastructure
 *     FunnelInfrastructure infrastructure;
 * }
 * </pre>
 * The database is {@code <database>-test-<random>}, new each time Quarkus starts the resource (once per application
 * start), so test classes that run in separate applications never see each other's data.
 */
public class FunnelInfrastructureResource implements QuarkusTestResourceLifecycleManager {

    /** Init arg: the base of the database name, usually the service's short name. */
    public static final String DATABASE = "database";

    /** Issuer of the development and test tokens. */
    public static final String JWT_ISSUER = TestTokens.ISSUER;

    /** The development public key, as a location smallrye-jwt understands. */
    public static final String JWT_PUBLIC_KEY_LOCATION = "classpath:" + TestTokens.PUBLIC_KEY_RESOURCE;

    private String database;
    private FunnelInfrastructure infrastructure;

    @Override
    public void init(Map<String, String> initArgs) {
        String base = initArgs.getOrDefault(DATABASE, "funnel");
        database = base + "-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public Map<String, String> start() {
        if (database == null) {
            init(Map.of());
        }
        infrastructure = FunnelInfrastructure.get();
        infrastructure.createFunnelTopics();
        return Map.of(
                "kafka.bootstrap.servers", infrastructure.kafkaBootstrapServers(),
                "quarkus.mongodb.connection-string", infrastructure.mongoConnectionString(),
                "quarkus.mongodb.database", database,
                "quarkus.kafka.devservices.enabled", "false",
                "quarkus.mongodb.devservices.enabled", "false",
                "mp.jwt.verify.publickey.location", JWT_PUBLIC_KEY_LOCATION,
                "mp.jwt.verify.issuer", JWT_ISSUER,
                "mp.jwt.verify.audiences", TestTokens.AUDIENCE);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(infrastructure,
                new TestInjector.AnnotatedAndMatchesType(InjectFunnelInfrastructure.class, FunnelInfrastructure.class));
    }

    /** Nothing to stop: the engines serve the whole test JVM and stop when it exits. */
    @Override
    public void stop() {
    }

    /** The database this resource gave the application. */
    public String database() {
        return database;
    }
}
