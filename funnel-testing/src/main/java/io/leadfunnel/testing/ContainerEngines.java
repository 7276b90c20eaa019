package io.leadfunnel.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka and MongoDB in Docker containers. An engine is taken away by pausing its container: a stopped and restarted
 * container would come back on another mapped port, which the services' configuration could not follow.
 */
final class ContainerEngines implements Engines {

    static final String KAFKA_IMAGE = "apache/kafka:4.0.0";
    static final String MONGO_IMAGE = "mongo:7.0";

    private final KafkaContainer kafka;
    private final MongoDBContainer mongo;
    private boolean kafkaPaused;
    private boolean mongoPaused;

    private ContainerEngines(KafkaContainer kafka, MongoDBContainer mongo) {
        this.kafka = kafka;
        this.mongo = mongo;
    }

    @SuppressWarnings("resource")
    static ContainerEngines start() {
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
                .withEnv("KAFKA_NUM_PARTITIONS", String.valueOf(FunnelInfrastructure.PARTITIONS))
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
        MongoDBContainer mongo = new MongoDBContainer(DockerImageName.parse(MONGO_IMAGE));
        Startables.deepStart(kafka, mongo).join();
        return new ContainerEngines(kafka, mongo);
    }

    @Override
    public FunnelInfrastructure.Mode mode() {
        return FunnelInfrastructure.Mode.CONTAINERS;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String mongoConnectionString() {
        return mongo.getConnectionString();
    }

    @Override
    public synchronized void stopKafka() {
        if (!kafkaPaused) {
            DockerClientFactory.instance().client().pauseContainerCmd(kafka.getContainerId()).exec();
            kafkaPaused = true;
        }
    }

    @Override
    public synchronized void startKafka() {
        if (kafkaPaused) {
            DockerClientFactory.instance().client().unpauseContainerCmd(kafka.getContainerId()).exec();
            kafkaPaused = false;
        }
    }

    @Override
    public synchronized void stopMongo() {
        if (!mongoPaused) {
            DockerClientFactory.instance().client().pauseContainerCmd(mongo.getContainerId()).exec();
            mongoPaused = true;
        }
    }

    @Override
    public synchronized void startMongo() {
        if (mongoPaused) {
            DockerClientFactory.instance().client().unpauseContainerCmd(mongo.getContainerId()).exec();
            mongoPaused = false;
        }
    }

    @Override
    public void close() {
        try {
            kafka.stop();
        } finally {
            mongo.stop();
        }
    }
}
