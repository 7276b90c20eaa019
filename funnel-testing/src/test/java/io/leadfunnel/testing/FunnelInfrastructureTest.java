package io.leadfunnel.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs in embedded mode: the surefire configuration sets FUNNEL_TEST_INFRA=embedded. */
class FunnelInfrastructureTest {

    private final FunnelInfrastructure infrastructure = FunnelInfrastructure.get();

    @Test
    void startsOncePerJvm() {
        assertThat(FunnelInfrastructure.get()).isSameAs(infrastructure);
        assertThat(infrastructure.mode()).isEqualTo(FunnelInfrastructure.Mode.EMBEDDED);
        assertThat(infrastructure.kafkaBootstrapServers()).startsWith("127.0.0.1:");
        assertThat(infrastructure.mongoConnectionString()).startsWith("mongodb://127.0.0.1:");
    }

    @Test
    void anotherClassLoaderSharesTheSameEngines() throws Exception {
        List<URL> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classPath.add(Path.of(entry).toUri().toURL());
        }
        try (URLClassLoader other = new URLClassLoader(classPath.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            Class<?> otherClass = other.loadClass(FunnelInfrastructure.class.getName());
            assertThat(otherClass).isNotSameAs(FunnelInfrastructure.class);
            Object otherInstance = otherClass.getMethod("get").invoke(null);

            assertThat(otherClass.getMethod("kafkaBootstrapServers").invoke(otherInstance))
                    .isEqualTo(infrastructure.kafkaBootstrapServers());
            assertThat(otherClass.getMethod("mongoConnectionString").invoke(otherInstance))
                    .isEqualTo(infrastructure.mongoConnectionString());
        }
    }

    @Test
    void createsTheFunnelTopicsWithThreePartitions() {
        infrastructure.createFunnelTopics();
        infrastructure.createFunnelTopics();

        try (TopicWriter writer = infrastructure.topicWriter()) {
            for (int lead = 0; lead < 12; lead++) {
                writer.send("lead.scores.dlq", "lead-" + lead, "x");
            }
        }
        assertThat(infrastructure.topicReader().readAll("lead.scores.dlq", Duration.ofSeconds(20)))
                .extracting(ConsumerRecord::partition).contains(0, 1, 2);
    }

    @Test
    void kafkaComesBackOnTheSameAddressWithItsRecords() {
        String topic = "restart-" + UUID.randomUUID();
        String address = infrastructure.kafkaBootstrapServers();
        try (TopicWriter writer = infrastructure.topicWriter()) {
            writer.send(topic, "lead-1", "before");
        }

        infrastructure.stopKafka();
        infrastructure.startKafka();

        assertThat(infrastructure.kafkaBootstrapServers()).isEqualTo(address);
        try (TopicWriter writer = infrastructure.topicWriter()) {
            writer.send(topic, "lead-1", "after");
        }
        assertThat(infrastructure.topicReader().readAll(topic, Duration.ofSeconds(20)))
                .extracting(ConsumerRecord::value).containsExactly("before", "after");
    }

    @Test
    void mongoStoresAndFinds() {
        try (MongoClient client = MongoClients.create(infrastructure.mongoConnectionString())) {
            var leads = client.getDatabase("funnel-testing-" + UUID.randomUUID()).getCollection("leads");
            leads.insertOne(new Document("_id", "lead-1").append("stage", "SQL"));

            assertThat(leads.find(new Document("_id", "lead-1")).first()).containsEntry("stage", "SQL");
        }
    }

    @Test
    void mongoTakenAwayAndBroughtBackKeepsItsData() {
        String address = infrastructure.mongoConnectionString() + "/?serverSelectionTimeoutMS=1000";
        try (MongoClient client = MongoClients.create(address)) {
            var leads = client.getDatabase("funnel-testing-" + UUID.randomUUID()).getCollection("leads");
            leads.insertOne(new Document("_id", "lead-2").append("stage", "SAL"));

            infrastructure.stopMongo();
            try {
                org.assertj.core.api.Assertions.assertThatThrownBy(leads::countDocuments)
                        .isInstanceOf(com.mongodb.MongoException.class);
            } finally {
                infrastructure.startMongo();
            }

            assertThat(infrastructure.mongoConnectionString() + "/?serverSelectionTimeoutMS=1000").isEqualTo(address);
            assertThat(leads.find(new Document("_id", "lead-2")).first()).containsEntry("stage", "SAL");
        }
    }

    @Test
    void theModeSwitchAcceptsOnlyItsTwoValues() {
        String before = System.getProperty(FunnelInfrastructure.MODE_SWITCH);
        try {
            System.setProperty(FunnelInfrastructure.MODE_SWITCH, "Containers");
            assertThat(FunnelInfrastructure.chooseMode()).isEqualTo(FunnelInfrastructure.Mode.CONTAINERS);
            System.setProperty(FunnelInfrastructure.MODE_SWITCH, "embedded");
            assertThat(FunnelInfrastructure.chooseMode()).isEqualTo(FunnelInfrastructure.Mode.EMBEDDED);
            System.setProperty(FunnelInfrastructure.MODE_SWITCH, "docker");
            org.assertj.core.api.Assertions.assertThatThrownBy(FunnelInfrastructure::chooseMode)
                    .hasMessageContaining("'embedded' or 'containers'");
        } finally {
            if (before == null) {
                System.clearProperty(FunnelInfrastructure.MODE_SWITCH);
            } else {
                System.setProperty(FunnelInfrastructure.MODE_SWITCH, before);
            }
        }
    }
}
