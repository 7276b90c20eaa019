package io.leadfunnel.runtime.kafka;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClientsTest {

    private final Map<String, Object> shared = Map.of(
            "bootstrap.servers", "broker:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
            "ssl.truststore.location", "/etc/kafka/ca.p12",
            "group.id", "scoring-service",
            "auto.offset.reset", "earliest");

    @Test
    void every_client_kind_takes_the_shared_security_settings() {
        for (var known : java.util.List.of(ProducerConfig.configNames(), ConsumerConfig.configNames(),
                AdminClientConfig.configNames())) {
            assertThat(KafkaClients.settings(shared, known, Map.of()))
                    .containsEntry("bootstrap.servers", "broker:9093")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsKey("sasl.jaas.config")
                    .containsEntry("ssl.truststore.location", "/etc/kafka/ca.p12");
        }
    }

    @Test
    void a_client_keeps_only_the_keys_it_knows_and_its_own_settings_win() {
        Map<String, Object> producer = KafkaClients.settings(shared, ProducerConfig.configNames(),
                Map.of("acks", "all", "bootstrap.servers", "other:9092"));

        assertThat(producer).doesNotContainKeys("group.id", "auto.offset.reset")
                .containsEntry("acks", "all")
                .containsEntry("bootstrap.servers", "other:9092");
        assertThat(KafkaClients.settings(shared, ConsumerConfig.configNames(), Map.of()))
                .containsEntry("group.id", "scoring-service");
    }
}
