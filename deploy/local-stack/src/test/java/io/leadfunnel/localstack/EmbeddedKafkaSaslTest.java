package io.leadfunnel.localstack;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The SASL/SCRAM listener of {@link EmbeddedKafka}: the broker's user gets in, anyone else is refused. */
class EmbeddedKafkaSaslTest {

    private static final String USER = "funnel";
    /** Quotes, a backslash, commas and brackets: characters of the JAAS and formatter syntaxes. */
    private static final String PASSWORD = "s3cret \"quoted\" \\ [a,b]=c";

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.builder().saslScram(USER, PASSWORD).build().start();
    }

    @AfterAll
    static void closeBroker() {
        kafka.close();
    }

    @Test
    void givenTheBrokersUser_whenProducingAndConsuming_thenTheRecordComesBack() throws Exception {
        String topic = "sasl-" + UUID.randomUUID();

        send(kafka.clientSettings(), topic, "lead-1", "hello");

        assertThat(readAll(kafka.clientSettings(), topic)).extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(tuple("lead-1", "hello"));
        assertThat(kafka.saslEnabled()).isTrue();
        assertThat(kafka.clientSettings()).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("bootstrap.servers", kafka.bootstrapServers());
    }

    @Test
    void givenTheBrokersUser_whenAdministering_thenTopicsCanBeCreatedAndListed() throws Exception {
        String topic = "sasl-admin-" + UUID.randomUUID();
        try (Admin admin = Admin.create(new HashMap<>(kafka.clientSettings()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);

            // the controller has committed the topic; the broker's metadata, which answers the listing, follows
            // shortly after (on a busy machine, not always before the next request)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            while (!names.contains(topic) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            }
            assertThat(names).contains(topic);
        }
    }

    @Test
    void givenAWrongPassword_whenAClientConnects_thenAuthenticationFails() {
        Map<String, Object> settings = new HashMap<>(kafka.clientSettings());
        settings.putAll(EmbeddedKafka.scramClientSettings(USER, "not the password"));

        assertThatThrownBy(() -> listTopics(settings))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void givenAnUnknownUser_whenAClientConnects_thenAuthenticationFails() {
        Map<String, Object> settings = new HashMap<>(kafka.clientSettings());
        settings.putAll(EmbeddedKafka.scramClientSettings("intruder", PASSWORD));

        assertThatThrownBy(() -> listTopics(settings))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void givenNoCredentials_whenAPlaintextClientConnects_thenItGetsNoAnswer() {
        Map<String, Object> settings = new HashMap<>(Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));

        // the broker drops a connection that does not start with a SASL handshake: the client never gets metadata
        assertThatThrownBy(() -> listTopics(settings))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
    }

    @Test
    void givenDeadLettersOnTheSecuredBroker_whenRedrivenWithTheSettingsOfTheEnvironment_thenTheyGoBack() {
        String dlq = "sasl-orders-" + UUID.randomUUID() + ".dlq";
        ProducerRecord<String, String> letter = new ProducerRecord<>(dlq, "lead-9", "{\"v\":9}");
        letter.headers().add("dead-letter-topic", "sasl-orders".getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(new HashMap<>(kafka.clientSettings()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(letter);
            producer.flush();
        }
        Map<String, String> environment = new HashMap<>();
        environment.put("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        environment.put("KAFKA_SASL_MECHANISM", EmbeddedKafka.SASL_MECHANISM);
        environment.put("KAFKA_SASL_JAAS_CONFIG", EmbeddedKafka.scramJaasConfig(USER, PASSWORD));
        environment.put("KAFKA_HEAP_OPTS", "-Xmx1g");
        Redrive.Options options = Redrive.Options.parse(new String[] {dlq, "--bootstrap", kafka.bootstrapServers()});
        options.clientSettings = Redrive.clientSettings(environment);

        Redrive.Result result = Redrive.run(options, new PrintStream(new ByteArrayOutputStream()));

        assertThat(options.clientSettings).containsOnlyKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config");
        assertThat(result.redriven()).isEqualTo(1);
        assertThat(readAll(kafka.clientSettings(), "sasl-orders")).extracting(ConsumerRecord::value)
                .containsExactly("{\"v\":9}");
    }

    @Test
    void givenADataDirectoryOfAnEarlierRun_whenStartedWithAnotherPassword_thenOnlyTheNewOneIsAccepted(
            @TempDir Path dir) throws Exception {
        int port;
        try (EmbeddedKafka first = EmbeddedKafka.builder().saslScram(USER, "first").logDir(dir).build().start()) {
            port = first.port();
            send(first.clientSettings(), "kept", "lead-1", "before");
        }

        try (EmbeddedKafka second = EmbeddedKafka.builder().saslScram(USER, "second").logDir(dir).port(port).build()
                .start()) {
            assertThat(readAll(second.clientSettings(), "kept")).extracting(ConsumerRecord::value)
                    .containsExactly("before");
            Map<String, Object> old = new HashMap<>(second.clientSettings());
            old.putAll(EmbeddedKafka.scramClientSettings(USER, "first"));
            assertThatThrownBy(() -> listTopics(old)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aUserNameOutsideTheFormattersSyntaxOrAnEmptyPasswordIsRefused() {
        assertThatThrownBy(() -> EmbeddedKafka.builder().saslScram("a,b", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmbeddedKafka.builder().saslScram("user", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void listTopics(Map<String, Object> settings) throws Exception {
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        try (Admin admin = Admin.create(settings)) {
            admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }

    private static void send(Map<String, String> settings, String topic, String key, String value) throws Exception {
        Map<String, Object> props = new HashMap<>(settings);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<ConsumerRecord<String, String>> readAll(Map<String, String> settings, String topic) {
        Map<String, Object> props = new HashMap<>(settings);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
