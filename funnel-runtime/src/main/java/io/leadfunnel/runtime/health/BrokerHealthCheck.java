package io.leadfunnel.runtime.health;

import io.leadfunnel.runtime.kafka.KafkaClients;
import io.leadfunnel.runtime.outbox.OutboxRelay;
import io.smallrye.health.api.HealthGroup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whether the Kafka broker answers and, in a service with an outbox, whether the relay publishes: the health group
 * {@code broker} ({@code /q/health/group/broker}). Deliberately not in readiness: every service stores its writes and
 * their events in MongoDB whatever the broker does (the outbox publishes them later), and a readiness failure would
 * only turn callers away. The broker is probed because the relay alone cannot tell: with the broker away nothing is
 * consumed, so nothing is sent and nothing fails. The probe takes the shared Kafka configuration (TLS, SASL).
 */
@HealthGroup(BrokerHealthCheck.GROUP)
@ApplicationScoped
public class BrokerHealthCheck implements HealthCheck {

    /** The health group name. */
    public static final String GROUP = "broker";
    private static final int TIMEOUT_MILLIS = 2000;

    private final KafkaClients kafka;
    private final OutboxRelay relay;
    private Admin admin;

    public BrokerHealthCheck(KafkaClients kafka, OutboxRelay relay) {
        this.kafka = kafka;
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        boolean reachable;
        String failure = null;
        try {
            int nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MILLIS)).nodes()
                    .get(TIMEOUT_MILLIS + 500L, TimeUnit.MILLISECONDS).size();
            reachable = nodes > 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reachable = false;
            failure = "interrupted";
        } catch (Exception e) {
            reachable = false;
            failure = e.getClass().getSimpleName();
        }
        boolean publishing = !relay.isActive() || relay.isHealthy();
        var response = HealthCheckResponse.named("kafka-broker")
                .status(reachable && publishing)
                .withData("bootstrapServers", kafka.bootstrapServers());
        if (relay.isActive()) {
            response.withData("outboxRelayPublishing", relay.isHealthy())
                    .withData("leadsWithUnpublishedEvents", relay.pendingLeads());
        }
        if (failure != null) {
            response.withData("failure", failure);
        }
        return response.build();
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = kafka.admin("health", Map.of(
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MILLIS,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MILLIS,
                    AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
