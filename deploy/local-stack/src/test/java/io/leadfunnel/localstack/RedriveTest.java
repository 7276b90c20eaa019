package io.leadfunnel.localstack;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedriveTest {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.builder().build().start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void givenDeadLettersOfTwoGroups_whenRedriven_thenEachGoesBackOnceWithKeyAndValueAndASecondRunFindsNothing() {
        // given the same record dead-lettered by two consumer groups, and one with no origin
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int copy = 0; copy < 2; copy++) {
                ProducerRecord<String, String> letter = new ProducerRecord<>("orders.dlq", "lead-1", "{\"v\":1}");
                letter.headers().add("dead-letter-topic", bytes("orders"))
                        .add("dead-letter-partition", bytes("2"))
                        .add("dead-letter-offset", bytes("17"))
                        .add("dead-letter-reason", bytes("boom"))
                        .add("trace", bytes("t-1"));
                producer.send(letter);
            }
            producer.send(new ProducerRecord<>("orders.dlq", "lead-2", "orphan"));
            producer.flush();
        }

        // when
        Redrive.Result first = Redrive.run(Redrive.Options.parse(new String[] {"orders.dlq", "--bootstrap",
                kafka.bootstrapServers()}), quiet());
        Redrive.Result second = Redrive.run(Redrive.Options.parse(new String[] {"orders.dlq", "--bootstrap",
                kafka.bootstrapServers()}), quiet());

        // then
        assertThat(first).isEqualTo(new Redrive.Result(3, 1, 1, 1));
        assertThat(second).isEqualTo(new Redrive.Result(0, 0, 0, 0));
        List<ConsumerRecord<String, String>> redriven = readAll("orders");
        assertThat(redriven).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("lead-1");
            assertThat(r.value()).isEqualTo("{\"v\":1}");
            assertThat(r.headers().lastHeader("dead-letter-reason")).isNull();
            assertThat(new String(r.headers().lastHeader("trace").value(), StandardCharsets.UTF_8)).isEqualTo("t-1");
            assertThat(new String(r.headers().lastHeader(Redrive.REDRIVEN_FROM).value(), StandardCharsets.UTF_8))
                    .startsWith("orders.dlq/");
        });
    }

    @Test
    void aDryRunSendsAndCommitsNothing() {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> letter = new ProducerRecord<>("dry.dlq", "lead-3", "x");
            letter.headers().add("dead-letter-topic", bytes("dry"));
            producer.send(letter);
            producer.flush();
        }
        String[] args = {"dry.dlq", "--dry-run", "--bootstrap", kafka.bootstrapServers()};

        assertThat(Redrive.run(Redrive.Options.parse(args), quiet()).redriven()).isEqualTo(1);
        assertThat(Redrive.run(Redrive.Options.parse(args), quiet()).redriven()).isEqualTo(1);
        assertThat(readAll("dry")).isEmpty();
    }

    @Test
    void optionsNeedADeadLetterTopicOrAnExplicitTarget() {
        assertThatThrownBy(() -> Redrive.Options.parse(new String[0])).hasMessageContaining("dead-letter topic");
        assertThatThrownBy(() -> Redrive.Options.parse(new String[] {"lead.events"})).hasMessageContaining("--to");
        assertThat(Redrive.Options.parse(new String[] {"lead.events.dlq"}).group)
                .isEqualTo("funnel-redrive-lead.events.dlq");
        assertThat(Redrive.Options.parse(new String[] {"parked", "--to", "lead.events"}).to).isEqualTo("lead.events");
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers(), "allow.auto.create.topics", "false"), new StringDeserializer(),
                new StringDeserializer())) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            List<ConsumerRecord<String, String>> all = new ArrayList<>();
            if (infos == null || infos.isEmpty()) {
                return all;
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
            return all;
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
