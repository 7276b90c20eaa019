package io.leadfunnel.testing;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Feeds records to a topic, for testing consumers with the contract's golden samples. Each send waits for the
 * broker's acknowledgement from all in-sync replicas, so the record is there when {@code send} returns.
 */
public final class TopicWriter implements AutoCloseable {

    private final KafkaProducer<String, String> producer;

    public TopicWriter(String bootstrapServers) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000"),
                new StringSerializer(), new StringSerializer());
    }

    /** A writer to the shared {@link FunnelInfrastructure}'s topics. */
    public TopicWriter() {
        this(FunnelInfrastructure.get().kafkaBootstrapServers());
    }

    /** Sends one record and waits until the broker has it. */
    public RecordMetadata send(String topic, String key, String value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /** Sends an event as the services do: keyed by its lead id, written with {@link FunnelJson}. */
    public RecordMetadata send(String topic, FunnelEvent event) {
        return send(topic, event.leadId(), FunnelJson.write(event));
    }

    /**
     * Sends the records in one produce request per topic and partition (the producer lingers until flushed), so a
     * batch consumer takes each partition's records in one poll. Give every record its partition: one lead's records
     * stay on one partition, as with the key-based partitioner.
     */
    public static void sendInOnePoll(String bootstrapServers, List<ProducerRecord<String, String>> records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "5000",
                ProducerConfig.BATCH_SIZE_CONFIG, "1048576"), new StringSerializer(), new StringSerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
