package io.leadfunnel.testing;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Reading back what a consumer sent to a dead-letter topic, for the services' consumer tests. */
public final class DeadLetterRecords {

    private DeadLetterRecords() {
    }

    /**
     * The records with one of {@code keys} on {@code topic}, once there is at least one (waiting up to 30 s). A test
     * that names a good record's key with the poison's can then assert that only the poison is there.
     */
    public static List<ConsumerRecord<String, String>> awaitAny(FunnelInfrastructure infra, String topic,
                                                                String... keys) {
        Set<String> wanted = Set.of(keys);
        return Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> infra.topicReader().readAll(topic, Duration.ofSeconds(5)).stream()
                        .filter(r -> r.key() != null && wanted.contains(r.key())).toList(), list -> !list.isEmpty());
    }

    /** The last value of a header as text, null when the record has none. */
    public static String header(ConsumerRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
