package io.leadfunnel.e2e;

import io.leadfunnel.events.Topics;
import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.testing.FunnelProcesses.Service;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

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
        for (String topic : List.of(Topics.LEAD_EVENTS, Topics.LEAD_SCORES, Topics.LEAD_LIFECYCLE)) {
            letters.put(Topics.deadLetter(topic), endOffsets(funnel, Topics.deadLetter(topic)));
        }
        return letters;
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
