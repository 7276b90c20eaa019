package io.leadfunnel.handoff.health;

import io.leadfunnel.handoff.messaging.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the outbox relay. Kept UP while the broker is away: lifecycle changes are stored safely and their events
 * wait, so refusing traffic would not help. The data says how far behind publishing is.
 */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {

    private final OutboxRelay relay;

    public OutboxHealthCheck(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("outbox-relay")
                .up()
                .withData("brokerReachable", relay.isHealthy())
                .withData("leadsWithUnpublishedEvents", relay.pendingLeads())
                .build();
    }
}
