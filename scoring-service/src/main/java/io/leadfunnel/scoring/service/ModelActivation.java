package io.leadfunnel.scoring.service;

import io.leadfunnel.scoring.config.ScoringConfig;
import io.leadfunnel.scoring.domain.LeadScoringState;
import io.leadfunnel.scoring.domain.ScoringModel;
import io.leadfunnel.scoring.repository.LeadScoringRepository;
import io.leadfunnel.scoring.repository.ModelRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Activates a model version: the active pointer moves at once, so every event consumed from then on is scored with
 * the new model, and a background thread re-scores the stored leads still scored under another version, a batch at
 * a time (each lead re-read, re-scored and written with its version check under its {@link LeadLocks} lock, so a
 * lead the consumer changes meanwhile is simply picked up again). LeadScored is published only for leads whose
 * values change. Progress is stored on the model and survives a restart, which resumes an unfinished re-scoring.
 */
@ApplicationScoped
public class ModelActivation {

    private static final Logger LOG = Logger.getLogger(ModelActivation.class);

    /** Re-scoring progress as the API reports it; {@code remaining} is counted live. */
    public record Progress(int version, String status, long total, long done, long remaining, Instant startedAt,
                           Instant finishedAt) {
    }

    /** The version is already the active one. */
    public static class AlreadyActiveException extends RuntimeException {
        public AlreadyActiveException(int version) {
            super("model version " + version + " is already active");
        }
    }

    private final ModelRepository models;
    private final LeadScoringRepository states;
    private final ActiveModel activeModel;
    private final OutboxSignal signal;
    private final ScoringConfig config;
    private final Clock clock;
    private final LeadLocks locks;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "model-rescoring");
        thread.setDaemon(true);
        return thread;
    });

    public ModelActivation(ModelRepository models, LeadScoringRepository states, ActiveModel activeModel,
                           OutboxSignal signal, ScoringConfig config, Clock clock, LeadLocks locks) {
        this.models = models;
        this.locks = locks;
        this.states = states;
        this.activeModel = activeModel;
        this.signal = signal;
        this.config = config;
        this.clock = clock;
    }

    /**
     * @return the progress just after the switch, or empty when the version does not exist
     * @throws AlreadyActiveException when it is the active version
     */
    public synchronized Optional<Progress> activate(int version) {
        if (models.find(version).isEmpty()) {
            return Optional.empty();
        }
        if (models.activeVersion().orElse(-1) == version) {
            throw new AlreadyActiveException(version);
        }
        long toRescore = states.countScoredUnderAnotherModel(version);
        models.activate(version, toRescore, clock.instant());
        activeModel.reload();
        worker.submit(() -> rescoreAll(version));
        return progress(version);
    }

    /** Progress of the re-scoring of a version, empty when it was never activated. */
    public Optional<Progress> progress(int version) {
        return models.find(version).filter(m -> m.rescoring() != null).map(m -> {
            ModelRepository.Rescoring r = m.rescoring();
            long remaining = "running".equals(r.status()) ? states.countScoredUnderAnotherModel(version) : 0;
            return new Progress(version, r.status(), r.total(), r.done(), remaining, r.startedAt(), r.finishedAt());
        });
    }

    void resume(@Observes @Priority(10) StartupEvent event) {
        models.activeVersion().flatMap(models::find)
                .filter(m -> m.rescoring() != null && "running".equals(m.rescoring().status()))
                .ifPresent(m -> {
                    LOG.infof("resuming the re-scoring under model version %d", m.model().version());
                    worker.submit(() -> rescoreAll(m.model().version()));
                });
    }

    void stop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }

    private void rescoreAll(int version) {
        ModelRepository.Rescoring start = models.find(version).map(ModelRepository.StoredModel::rescoring)
                .orElseThrow();
        long done = start.done();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                ScoringModel model = activeModel.current();
                if (model.version() != version) {
                    models.recordProgress(version, new ModelRepository.Rescoring("superseded", start.total(), done,
                            start.startedAt(), clock.instant()));
                    return;
                }
                Instant now = clock.instant();
                List<LeadScoringState> batch = states.scoredUnderAnotherModel(version,
                        config.rescoring().batchSize());
                if (batch.isEmpty()) {
                    break;
                }
                boolean published = false;
                for (LeadScoringState candidate : batch) {
                    Rescored rescored = locks.withLock(candidate.leadId(), () -> rescoreOnce(candidate, model, now));
                    if (rescored != null) {
                        done++;
                        published |= rescored.published();
                    }
                }
                if (published) {
                    signal.wake();
                }
                models.recordProgress(version, new ModelRepository.Rescoring("running", start.total(), done,
                        start.startedAt(), null));
                long pause = config.rescoring().pauseBetweenBatches().toMillis();
                if (pause > 0) {
                    Thread.sleep(pause);
                }
            }
            models.recordProgress(version, new ModelRepository.Rescoring("done", start.total(), done,
                    start.startedAt(), clock.instant()));
            LOG.infof("re-scored %d leads under model version %d", done, version);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "re-scoring under model version %d failed; it resumes at the next start", version);
        }
    }

    /** A lead re-scored and stored; {@code published} when the write stored a LeadScored. */
    private record Rescored(boolean published) {
    }

    /**
     * One read-change-write of a lead, under its lock: re-reads it, re-scores it and writes it with its version
     * check. Null when another writer came first (since the batch was read, or meanwhile); a lead still scored under
     * another model is picked up again by a later batch, as a lost race always was.
     */
    private Rescored rescoreOnce(LeadScoringState candidate, ScoringModel model, Instant now) {
        LeadScoringState state = states.findState(candidate.leadId())
                .filter(s -> s.version() == candidate.version()).orElse(null);
        if (state == null) {
            return null;
        }
        boolean published = state.rescore(model, now, LeadScoringState.TRIGGER_MODEL_CHANGE,
                config.decay().engagementStep()).isPresent();
        return states.save(state, now) ? new Rescored(published) : null;
    }
}
