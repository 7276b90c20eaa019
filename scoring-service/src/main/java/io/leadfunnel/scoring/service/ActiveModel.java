package io.leadfunnel.scoring.service;

import io.leadfunnel.runtime.schedule.ScheduledPass;
import io.leadfunnel.scoring.domain.ScoringModel;
import io.leadfunnel.scoring.repository.ModelRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The model new scores are computed with. Held in memory; reloaded when this instance activates a model and every
 * few seconds, so that other instances follow an activation.
 */
@ApplicationScoped
public class ActiveModel {

    private static final Logger LOG = Logger.getLogger(ActiveModel.class);

    private final ScheduledPass pass = new ScheduledPass("reading the active scoring model", LOG);

    private final ModelRepository models;
    private final AtomicReference<ScoringModel> current = new AtomicReference<>();

    public ActiveModel(ModelRepository models) {
        this.models = models;
    }

    /** Whether an active model exists (it does once the default model is seeded at startup). */
    public boolean ready() {
        return current.get() != null || models.activeVersion().isPresent();
    }

    public ScoringModel current() {
        ScoringModel model = current.get();
        return model != null ? model : reload();
    }

    @Scheduled(every = "${funnel.scoring.active-model-refresh:10s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        pass.run(this::reload);
    }

    /** Reads the active model from the database. */
    public ScoringModel reload() {
        int version = models.activeVersion().orElseThrow(() -> new IllegalStateException("no active model"));
        ScoringModel model = models.find(version).orElseThrow().model();
        current.set(model);
        return model;
    }
}
