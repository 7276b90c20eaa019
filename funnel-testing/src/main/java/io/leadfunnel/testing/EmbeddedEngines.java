package io.leadfunnel.testing;

import io.leadfunnel.localstack.EmbeddedKafka;
import io.leadfunnel.localstack.EmbeddedMongo;

import java.util.logging.Level;
import java.util.logging.Logger;

/** The in-process engines: a KRaft broker in a temporary directory and an in-memory MongoDB server. */
final class EmbeddedEngines implements Engines {

    /**
     * Loggers kept quiet while the broker runs in a test JVM: its INFO output would bury the test's own. Held
     * strongly because java.util.logging forgets the level of a logger nobody references.
     */
    private static final Logger[] QUIET = {Logger.getLogger("kafka"), Logger.getLogger("org.apache.kafka"),
            Logger.getLogger("state.change.logger"), Logger.getLogger("de.bwaldvogel")};

    private final EmbeddedKafka kafka;
    private final EmbeddedMongo mongo;

    private EmbeddedEngines(EmbeddedKafka kafka, EmbeddedMongo mongo) {
        this.kafka = kafka;
        this.mongo = mongo;
    }

    static EmbeddedEngines start() {
        for (Logger logger : QUIET) {
            logger.setLevel(Level.WARNING);
        }
        EmbeddedMongo mongo = EmbeddedMongo.builder().build().start();
        EmbeddedKafka kafka = EmbeddedKafka.builder().build();
        try {
            kafka.start();
        } catch (RuntimeException e) {
            kafka.close();
            mongo.close();
            throw e;
        }
        return new EmbeddedEngines(kafka, mongo);
    }

    @Override
    public FunnelInfrastructure.Mode mode() {
        return FunnelInfrastructure.Mode.EMBEDDED;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public String mongoConnectionString() {
        return mongo.connectionString();
    }

    @Override
    public void stopKafka() {
        kafka.stop();
    }

    @Override
    public void startKafka() {
        kafka.start();
    }

    @Override
    public void stopMongo() {
        mongo.stop();
    }

    @Override
    public void startMongo() {
        mongo.start();
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            mongo.close();
        }
    }
}
