package io.leadfunnel.handoff.health;

import io.leadfunnel.handoff.messaging.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import io.smallrye.health.api.HealthGroup;

/**
 * Reports the outbox relay in the {@code broker} health group ({@code /q/health/group/broker}): DOWN while the broker
 * is unreachable, with the backlog. Deliberately not part of readiness or liveness: changes are stored safely with
 * their events while the broker is away and published afterwards, so refusing traffic or restarting would not help.
 */
@HealthGroup(OutboxHealthCheck.GROUP)
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {

    /** The health group of the broker's reachability. */
    public static final String GROUP = "broker";

    private final OutboxRelay relay;

    public OutboxHealthCheck(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("outbox-relay")
                .status(relay.isHealthy())
                .withData("brokerReachable", relay.isHealthy())
                .withData("leadsWithUnpublishedEvents", relay.pendingLeads())
                .build();
    }
}
