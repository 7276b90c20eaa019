package io.leadfunnel.scoring.health;

import io.leadfunnel.scoring.messaging.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Reports the outbox relay. It stays UP while the broker is unreachable (events wait safely in MongoDB) and says
 * so in its data, so a broker outage does not restart the service.
 */
@Liveness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {

    private final OutboxRelay relay;

    public OutboxHealthCheck(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("lead.scores outbox").up()
                .withData("brokerReachable", relay.isHealthy())
                .withData("leadsWithPendingEvents", relay.pendingLeads())
                .build();
    }
}
