package io.leadfunnel.e2e;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.Topics;
import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.testing.FunnelProcesses.Service;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * How far each service's consumer group is behind on each topic it consumes: the records on the topic after the
 * group's committed offset. A consumer commits a record only once it has processed it, so while a dependency is down
 * this is what the group holds unprocessed (plus, for a few seconds, what it processed since its last commit).
 */
final class ConsumerLag {

    /** The topics each service consumes (its consumer group id is the service's name). */
    static final Map<Service, List<String>> CONSUMED = new LinkedHashMap<>();

    static {
        CONSUMED.put(Service.LEAD, List.of(Topics.LEAD_SCORES, Topics.LEAD_LIFECYCLE));
        CONSUMED.put(Service.SCORING, List.of(Topics.LEAD_EVENTS));
        CONSUMED.put(Service.HANDOFF, List.of(Topics.LEAD_EVENTS, Topics.LEAD_SCORES));
        CONSUMED.put(Service.METRICS, List.of(Topics.LEAD_EVENTS, Topics.LEAD_SCORES, Topics.LEAD_LIFECYCLE));
    }

    /** One group's lag on one topic: records behind in total, and on how many of the topic's partitions. */
    record Lag(long records, int partitionsBehind, int partitions) {
        @Override
        public String toString() {
            return records + " records (" + partitionsBehind + " of " + partitions + " partitions)";
        }
    }

    private ConsumerLag() {
    }

    /** Every consuming group and topic, as {@code "<group> <topic>"}, to its lag now. */
    static Map<String, Lag> measure(FunnelProcesses funnel) {
        try (Admin admin = admin(funnel)) {
            List<String> topics = List.of(Topics.LEAD_EVENTS, Topics.LEAD_SCORES, Topics.LEAD_LIFECYCLE);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(15, TimeUnit.SECONDS).forEach((topic, description) ->
                    description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                            OffsetSpec.latest())));
            Map<TopicPartition, Long> end = admin.listOffsets(latest).all().get(15, TimeUnit.SECONDS).entrySet()
                    .stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));

            Map<String, Lag> lags = new LinkedHashMap<>();
            for (Map.Entry<Service, List<String>> consumer : CONSUMED.entrySet()) {
                String group = consumer.getKey().module();
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(15, TimeUnit.SECONDS);
                for (String topic : consumer.getValue()) {
                    long records = 0;
                    int behind = 0;
                    int partitions = 0;
                    for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
                        if (!partition.getKey().topic().equals(topic)) {
                            continue;
                        }
                        partitions++;
                        OffsetAndMetadata at = committed.get(partition.getKey());
                        long lag = partition.getValue() - (at == null ? 0 : at.offset());
                        if (lag > 0) {
                            records += lag;
                            behind++;
                        }
                    }
                    lags.put(group + " " + topic, new Lag(records, behind, partitions));
                }
            }
            return lags;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the consumer groups' offsets", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The end offsets of a topic summed over its partitions: how many records it ever received (0 if absent). */
    static long endOffsets(FunnelProcesses funnel, String topic) {
        try (Admin admin = admin(funnel)) {
            if (!admin.listTopics().names().get(15, TimeUnit.SECONDS).contains(topic)) {
                return 0;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(15, TimeUnit.SECONDS).values().stream()
                    .mapToLong(o -> o.offset()).sum();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How many records each dead-letter topic has received so far. */
    static Map<String, Long> deadLetters(FunnelProcesses funnel) {
        Map<String, Long> letters = new LinkedHashMap<>();
        for (String topic : List.of(Topics.LEAD_EVENTS, Topics.LEAD_SCORES, Topics.LEAD_LIFECYCLE,
                Topics.LEAD_PROFILES)) {
            letters.put(Topics.deadLetter(topic), endOffsets(funnel, Topics.deadLetter(topic)));
        }
        return letters;
    }

    /** The topic of a {@code "<group> <topic>"} key of {@link #measure}. */
    static String topicOf(String groupAndTopic) {
        return groupAndTopic.substring(groupAndTopic.indexOf(' ') + 1);
    }

    /**
     * The event type whose records every group consuming the topic stores, so that each of them has to reach
     * MongoDB to apply a copy (metrics-service, for one, skips activities without a lookup).
     */
    static final Map<String, Class<? extends FunnelEvent>> STORED_BY_EVERY_GROUP = Map.of(
            Topics.LEAD_EVENTS, LeadCaptured.class,
            Topics.LEAD_SCORES, LeadScored.class,
            Topics.LEAD_LIFECYCLE, LeadStageChanged.class);

    /** How far back from each partition's end {@link #redeliverNewest} looks for a record of the type. */
    private static final int LOOK_BACK = 200;

    /**
     * Writes the newest record of {@link #STORED_BY_EVERY_GROUP the topic's type} once more, to the same partition with
     * the same key, value and headers (so the same event id), as a producer that retried a send whose acknowledgement
     * was lost would.
     *
     * @return which record went where, for the report
     */
    static String redeliverNewest(FunnelProcesses funnel, String topic) {
        Class<? extends FunnelEvent> type = STORED_BY_EVERY_GROUP.get(topic);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, funnel.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer());
                KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, funnel.kafkaBootstrapServers(),
                        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(15));
            consumer.assign(partitions);
            partitions.forEach(p -> consumer.seek(p, Math.max(0, end.get(p) - LOOK_BACK)));
            ConsumerRecord<String, String> newest = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if ((newest == null || record.timestamp() >= newest.timestamp()) && isA(record.value(), type)) {
                        newest = record;
                    }
                }
            }
            if (newest == null) {
                throw new IllegalStateException("no " + type.getSimpleName() + " among the last " + LOOK_BACK
                        + " records of each partition of " + topic);
            }
            RecordMetadata copy = producer.send(new ProducerRecord<>(topic, newest.partition(), newest.key(),
                    newest.value(), newest.headers())).get(15, TimeUnit.SECONDS);
            return type.getSimpleName() + " of partition " + newest.partition() + " at offset " + newest.offset()
                    + ", again at offset " + copy.offset();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot deliver a record of " + topic + " again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isA(String json, Class<? extends FunnelEvent> type) {
        try {
            return type.isInstance(FunnelJson.read(json, FunnelEvent.class));
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /** The lags as the report shows them. */
    static Map<String, String> describe(Map<String, Lag> lags) {
        Map<String, String> described = new LinkedHashMap<>();
        lags.forEach((consumer, lag) -> described.put(consumer, lag.toString()));
        return described;
    }

    private static Admin admin(FunnelProcesses funnel) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, funnel.kafkaBootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000));
    }

    /** The groups and topics of {@code lags} that hold nothing. */
    static List<String> idle(Map<String, Lag> lags) {
        return lags.entrySet().stream().filter(e -> e.getValue().records() == 0).map(Map.Entry::getKey).toList();
    }
}
