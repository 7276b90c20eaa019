package io.leadfunnel.lead.config;

import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.lead.repository.DeliveryRepository;
import io.leadfunnel.lead.repository.LeadRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.annotation.Priority;

/**
 * Creates the MongoDB indexes the identity rules rely on before any request is served, and builds the event mapping
 * ({@link FunnelJson#warmUp()}) so the first burst of requests does not wait for it.
 */
@ApplicationScoped
public class Startup {

    void createIndexes(@Observes @Priority(1) StartupEvent event, LeadRepository leads, DeliveryRepository deliveries) {
        leads.createIndexes();
        deliveries.createIndexes();
        FunnelJson.warmUp();
    }
}
