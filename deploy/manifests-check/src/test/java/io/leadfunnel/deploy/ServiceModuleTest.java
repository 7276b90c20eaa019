package io.leadfunnel.deploy;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The reading of application.properties that the manifest checks rely on. */
class ServiceModuleTest {

    @Test
    void aVariableWithoutDefaultIsRequiredAndOneWithDefaultIsNot() {
        Set<String> read = new TreeSet<>();
        Set<String> required = new TreeSet<>();

        ServiceModule.expressions("${JWT_PUBLIC_KEY_LOCATION}", read, required);
        ServiceModule.expressions("${KAFKA_BOOTSTRAP_SERVERS:localhost:9092}", read, required);
        ServiceModule.expressions("${OUTER:${INNER}}", read, required);
        ServiceModule.expressions("${quarkus.application.version}", read, required);
        ServiceModule.expressions("prefix-${EMPTY_DEFAULT:}-${SECOND}", read, required);

        assertThat(read).containsExactlyInAnyOrder("JWT_PUBLIC_KEY_LOCATION", "KAFKA_BOOTSTRAP_SERVERS", "OUTER", "INNER",
                "EMPTY_DEFAULT", "SECOND");
        assertThat(required).containsExactlyInAnyOrder("JWT_PUBLIC_KEY_LOCATION", "SECOND");
    }

    @Test
    void environmentNamesFollowTheMicroProfileRule() {
        assertThat(ServiceModule.envName("quarkus.mongodb.database")).isEqualTo("QUARKUS_MONGODB_DATABASE");
        assertThat(ServiceModule.envName("funnel.lead.webhooks.max-body-bytes")).isEqualTo("FUNNEL_LEAD_WEBHOOKS_MAX_BODY_BYTES");
    }

    @Test
    void aKafkaVariableSetsAKafkaClientPropertyOnlyWhenThereIsSuchAProperty() {
        assertThat(ServiceModule.kafkaClientProperty("KAFKA_SASL_JAAS_CONFIG")).isEqualTo("sasl.jaas.config");
        assertThat(ServiceModule.kafkaClientProperty("KAFKA_SECURITY_PROTOCOL")).isEqualTo("security.protocol");
        assertThat(ServiceModule.kafkaClientProperty("KAFKA_SSL_TRUSTSTORE_LOCATION"))
                .isEqualTo("ssl.truststore.location");
        assertThat(ServiceModule.kafkaClientProperty("KAFKA_SASL_JAAS_CONFG")).as("a typo").isNull();
        assertThat(ServiceModule.kafkaClientProperty("KAFKA_HEAP_OPTS")).as("a broker script's variable").isNull();
        assertThat(ServiceModule.kafkaClientProperty("SASL_JAAS_CONFIG")).isNull();
        assertThat(Repository.service("scoring-service").envReason("KAFKA_SASL_MECHANISM"))
                .isEqualTo("sets kafka.sasl.mechanism, a setting of every Kafka client of the service");
    }

    @Test
    void leadServiceReadsItsSettingsAndKnowsTheDocumentedGenericSenderProperties() {
        ServiceModule lead = Repository.service("lead-service");

        assertThat(lead.httpPort()).isEqualTo(8081);
        assertThat(lead.managementPort()).isEqualTo(9081);
        assertThat(lead.envRequired()).contains("JWT_PUBLIC_KEY_LOCATION");
        assertThat(lead.envReason("MONGODB_CONNECTION_STRING")).startsWith("read as");
        assertThat(lead.envReason("QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE")).startsWith("overrides quarkus.http.limits.max-body-size");
        assertThat(lead.envReason("JAVA_OPTS_APPEND")).isEqualTo("used by the image's entrypoint");
        assertThat(lead.envReason("NOT_A_SETTING")).isNull();
        assertThat(lead.knowsProperty("funnel.lead.webhooks.generic.website.secret")).isTrue();
        assertThat(lead.knowsProperty("funnel.lead.webhooks.generic.website.previous-secret")).isTrue();
        assertThat(lead.knowsProperty("funnel.lead.webhooks.generic.website.secrets")).isFalse();
        assertThat(lead.knowsProperty("funnel.lead.webhook.generic.website.secret")).isFalse();
    }
}
