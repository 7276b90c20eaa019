package io.leadfunnel.testing;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.GoldenSamples;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadScored;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicReaderTest {

    private final TopicReader reader = new TopicReader();

    @Test
    void readsBackGoldenSamplesAsEvents() {
        String topic = "reader-" + UUID.randomUUID();
        LeadCaptured captured = GoldenSamples.event(LeadCaptured.class);
        try (TopicWriter writer = new TopicWriter()) {
            writer.send(topic, captured);
            writer.send(topic, captured.leadId(), GoldenSamples.json(LeadScored.class));
        }

        List<ConsumerRecord<String, String>> records = reader.await(topic, 2, Duration.ofSeconds(20));
        List<FunnelEvent> events = TopicReader.decode(records);

        assertThat(records).extracting(ConsumerRecord::key).containsOnly(captured.leadId());
        assertThat(events).hasSize(2).first().isEqualTo(captured);
        assertThat(events.get(1)).isInstanceOf(LeadScored.class);
        assertThat(reader.readAllEvents(topic, Duration.ofSeconds(20))).isEqualTo(events);
    }

    @Test
    void awaitWaitsForATopicThatDoesNotExistYet() throws Exception {
        String topic = "late-" + UUID.randomUUID();
        Thread producer = new Thread(() -> {
            try (TopicWriter writer = new TopicWriter()) {
                Thread.sleep(500);
                writer.send(topic, "lead-1", "late");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();

        assertThat(reader.await(topic, 1, Duration.ofSeconds(20))).extracting(ConsumerRecord::value)
                .containsExactly("late");
        producer.join();
    }

    @Test
    void anAbsentTopicReadsAsEmptyAndIsNotCreated() {
        String topic = "absent-" + UUID.randomUUID();

        assertThat(reader.readAll(topic, Duration.ofSeconds(10))).isEmpty();
        assertThat(reader.readAll(topic, Duration.ofSeconds(10))).isEmpty();
    }

    @Test
    void awaitFailsWithWhatItDidRead() {
        String topic = "short-" + UUID.randomUUID();
        try (TopicWriter writer = new TopicWriter()) {
            writer.send(topic, "lead-9", "only one");
        }

        assertThatThrownBy(() -> reader.await(topic, 2, Duration.ofSeconds(2)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected at least 2 records")
                .hasMessageContaining("lead-9=only one");
    }
}
