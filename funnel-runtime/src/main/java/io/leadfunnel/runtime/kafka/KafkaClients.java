package io.leadfunnel.runtime.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Builds every Kafka client a service creates by itself (outbox relays, health probes, rebuild consumers) from the one
 * Kafka configuration the messaging channels use: the {@code kafka.*} properties (and {@code KAFKA_*} variables).
 * So security protocol, SASL and TLS settings reach every client through configuration alone. Each client type keeps
 * only the keys it knows, then the caller's own settings on top.
 */
@ApplicationScoped
public class KafkaClients {

    private final Map<String, Object> shared;
    private final String application;

    @Inject
    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> shared,
                        @ConfigProperty(name = "quarkus.application.name", defaultValue = "funnel") String application) {
        this.shared = Map.copyOf(shared);
        this.application = application;
    }

    /** The shared settings a client of the given kind accepts, with {@code own} on top. Visible for tests. */
    public static Map<String, Object> settings(Map<String, Object> shared, Set<String> known, Map<String, Object> own) {
        Map<String, Object> props = new HashMap<>();
        shared.forEach((key, value) -> {
            if (known.contains(key) && value != null) {
                props.put(key, value);
            }
        });
        props.putAll(own);
        return props;
    }

    /** A producer of String keys and values; {@code own} overrides the shared settings. */
    public KafkaProducer<String, String> producer(String purpose, Map<String, Object> own) {
        return producer(purpose, own, new StringSerializer());
    }

    /** A producer of String keys whose values {@code values} writes; {@code own} overrides the shared settings. */
    public <V> KafkaProducer<String, V> producer(String purpose, Map<String, Object> own, Serializer<V> values) {
        Map<String, Object> props = settings(shared, ProducerConfig.configNames(), own);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, application + "-" + purpose);
        return new KafkaProducer<>(props, new StringSerializer(), values);
    }

    /** A consumer of String keys and values; {@code own} overrides the shared settings. */
    public KafkaConsumer<String, String> consumer(String purpose, Map<String, Object> own) {
        Map<String, Object> props = settings(shared, ConsumerConfig.configNames(), own);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, application + "-" + purpose);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /** An admin client; {@code own} overrides the shared settings. */
    public Admin admin(String purpose, Map<String, Object> own) {
        Map<String, Object> props = settings(shared, AdminClientConfig.configNames(), own);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, application + "-" + purpose);
        return Admin.create(props);
    }

    /** The bootstrap servers, for health reports. */
    public String bootstrapServers() {
        return String.valueOf(shared.getOrDefault(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ""));
    }
}
