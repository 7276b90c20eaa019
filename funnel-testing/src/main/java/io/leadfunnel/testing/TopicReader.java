package io.leadfunnel.testing;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads a topic back from the beginning, for assertions on what a service really published. Each read uses a fresh
 * consumer with its own group id and commits nothing, so it disturbs no one. Reading never creates a topic.
 * <p>
 * Records come back ordered by timestamp, then partition and offset; one key's records keep their order.
 */
public final class TopicReader {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Comparator<ConsumerRecord<String, String>> ORDER =
            Comparator.<ConsumerRecord<String, String>>comparingLong(ConsumerRecord::timestamp)
                    .thenComparingInt(ConsumerRecord::partition)
                    .thenComparingLong(ConsumerRecord::offset);

    private final String bootstrapServers;

    public TopicReader(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** A reader of the shared {@link FunnelInfrastructure}'s topics. */
    public TopicReader() {
        this(FunnelInfrastructure.get().kafkaBootstrapServers());
    }

    /**
     * Everything on the topic now: reads until it reaches the end offsets seen at the start. An absent topic reads
     * as empty.
     *
     * @throws AssertionError when the end is not reached within {@code timeout}
     */
    public List<ConsumerRecord<String, String>> readAll(String topic, Duration timeout) {
        long deadline = deadline(timeout);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            if (partitions.isEmpty()) {
                return records;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("did not read " + topic + " to its end within " + timeout + "; read "
                            + records.size() + " records of " + end);
                }
                consumer.poll(POLL).forEach(records::add);
            }
            records.sort(ORDER);
            return records;
        }
    }

    /**
     * Waits until the topic holds at least {@code count} records and returns all records read by then (possibly
     * more than {@code count}). The topic may not exist yet when the wait starts.
     *
     * @throws AssertionError when fewer than {@code count} records arrive within {@code timeout}
     */
    public List<ConsumerRecord<String, String>> await(String topic, int count, Duration timeout) {
        long deadline = deadline(timeout);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            List<TopicPartition> assigned = List.of();
            while (records.size() < count) {
                if (System.nanoTime() > deadline) {
                    records.sort(ORDER);
                    throw new AssertionError("expected at least " + count + " records on " + topic + " within "
                            + timeout + " but read " + records.size() + ": " + describe(records));
                }
                if (assigned.isEmpty()) {
                    assigned = partitions(consumer, topic);
                    if (assigned.isEmpty()) {
                        sleep(POLL);
                        continue;
                    }
                    consumer.assign(assigned);
                    consumer.seekToBeginning(assigned);
                }
                consumer.poll(POLL).forEach(records::add);
            }
            records.sort(ORDER);
            return records;
        }
    }

    /** {@link #readAll} decoded with {@link FunnelJson}. */
    public List<FunnelEvent> readAllEvents(String topic, Duration timeout) {
        return decode(readAll(topic, timeout));
    }

    /** {@link #await} decoded with {@link FunnelJson}. */
    public List<FunnelEvent> awaitEvents(String topic, int count, Duration timeout) {
        return decode(await(topic, count, timeout));
    }

    /** The record's value read as a funnel event. */
    public static FunnelEvent decode(ConsumerRecord<String, String> record) {
        return FunnelJson.read(record.value());
    }

    /** The records' values read as funnel events, in the same order. */
    public static List<FunnelEvent> decode(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(TopicReader::decode).toList();
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "topic-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        List<TopicPartition> partitions = new ArrayList<>();
        if (infos != null) {
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        return partitions;
    }

    private static String describe(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> r.key() + "=" + r.value()).toList().toString();
    }

    private static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a topic", e);
        }
    }
}
