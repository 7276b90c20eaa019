package io.leadfunnel.testing;

/** Running Kafka and MongoDB engines, whichever kind. */
interface Engines extends AutoCloseable {

    FunnelInfrastructure.Mode mode();

    String kafkaBootstrapServers();

    String mongoConnectionString();

    void stopKafka();

    void startKafka();

    void stopMongo();

    void startMongo();

    @Override
    void close();
}
