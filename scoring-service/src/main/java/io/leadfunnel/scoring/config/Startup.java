package io.leadfunnel.scoring.config;

import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.scoring.domain.DefaultModel;
import io.leadfunnel.scoring.repository.LeadScoringRepository;
import io.leadfunnel.scoring.repository.ModelRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * Creates the indexes, builds the event mapping ({@link FunnelJson#warmUp()}) and seeds the default model (version 1,
 * active) on first start, before anything is scored.
 */
@ApplicationScoped
public class Startup {

    private static final Logger LOG = Logger.getLogger(Startup.class);

    void prepare(@Observes @Priority(1) StartupEvent event, LeadScoringRepository states, ModelRepository models,
                 Clock clock) {
        states.createIndexes();
        FunnelJson.warmUp();
        if (models.seed(DefaultModel.create(), clock.instant())) {
            LOG.info("seeded the default scoring model as version 1");
        }
    }
}
