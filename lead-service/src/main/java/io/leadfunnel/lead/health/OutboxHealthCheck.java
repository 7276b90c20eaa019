package io.leadfunnel.lead.health;

import io.leadfunnel.runtime.outbox.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the outbox relay. Kept UP while the broker is away (the broker itself is reported in the health group
 * {@code broker}, see {@link io.leadfunnel.runtime.health.BrokerHealthCheck}): webhooks still store leads safely and
 * the events wait, so refusing traffic would only make CRMs queue deliveries. The data says how far behind publishing
 * is.
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
