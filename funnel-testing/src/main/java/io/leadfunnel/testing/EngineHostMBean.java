package io.leadfunnel.testing;

/**
 * Internal: the JVM-wide handle on the running engines, published as a platform MBean so that every class loader
 * reaches the same engines with JDK types only. Use {@link FunnelInfrastructure}.
 */
public interface EngineHostMBean {

    String getMode();

    String getKafkaBootstrapServers();

    String getMongoConnectionString();

    void stopKafka();

    void startKafka();

    void stopMongo();

    void startMongo();
}
