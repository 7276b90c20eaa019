package io.leadfunnel.handoff.config;

import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.handoff.repository.LifecycleRepository;
import io.leadfunnel.handoff.service.DefinitionService;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Creates the indexes, builds the event mapping ({@link FunnelJson#warmUp()}) and seeds the default definition before
 * events are consumed or requests served.
 */
@ApplicationScoped
public class Startup {

    void prepare(@Observes @Priority(1) StartupEvent event, LifecycleRepository lifecycles,
                 DefinitionService definitions) {
        lifecycles.createIndexes();
        FunnelJson.warmUp();
        definitions.seedDefault();
    }
}
