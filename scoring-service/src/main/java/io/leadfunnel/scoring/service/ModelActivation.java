package io.leadfunnel.scoring.service;

import com.mongodb.MongoException;
import io.leadfunnel.runtime.consumer.UntilApplied;
import io.leadfunnel.runtime.store.Failures;
import io.leadfunnel.runtime.store.LeadLocks;
import io.leadfunnel.scoring.config.ScoringConfig;
import io.leadfunnel.scoring.domain.LeadScoringState;
import io.leadfunnel.scoring.domain.ScoringModel;
import io.leadfunnel.scoring.repository.LeadScoringRepository;
import io.leadfunnel.scoring.repository.ModelRepository;
import io.leadfunnel.scoring.repository.ModelRepository.Rescoring;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.bson.BSONException;
import org.bson.codecs.configuration.CodecConfigurationException;
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
 *
 * <p>While MongoDB is unreachable the re-scoring waits ({@link UntilApplied}) and carries on once it is back. A
 * failure that waiting would not cure (a stored lead that cannot be read, a write the database refuses, a bug) stops
 * it as {@code failed}, with the cause; activating the version again starts it anew.
 */
@ApplicationScoped
public class ModelActivation {

    private static final Logger LOG = Logger.getLogger(ModelActivation.class);

    /** Re-scoring progress as the API reports it; {@code remaining} is counted live. */
    public record Progress(int version, String status, long total, long done, long remaining, Instant startedAt,
                           Instant finishedAt, String failure) {
    }

    /** The version is already the active one, and its re-scoring did not fail. */
    public static class AlreadyActiveException extends RuntimeException {
        public AlreadyActiveException(int version, boolean rescoringRunning) {
            super("model version " + version + " is already active"
                    + (rescoringRunning ? " and its re-scoring is running" : ""));
        }
    }

    private final ModelRepository models;
    private final LeadScoringRepository states;
    private final ActiveModel activeModel;
    private final ScoringConfig config;
    private final Clock clock;
    private final LeadLocks locks;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "model-rescoring");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean stopping;

    public ModelActivation(ModelRepository models, LeadScoringRepository states, ActiveModel activeModel,
                            ScoringConfig config, Clock clock, LeadLocks locks) {
        this.models = models;
        this.locks = locks;
        this.states = states;
        this.activeModel = activeModel;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Activates {@code version}, or, when it is the active version and its re-scoring failed, starts that again.
     *
     * @return the progress just after the switch, or empty when the version does not exist
     * @throws AlreadyActiveException when it is the active version and its re-scoring did not fail
     */
    public synchronized Optional<Progress> activate(int version) {
        Optional<ModelRepository.StoredModel> stored = models.find(version);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        if (models.activeVersion().orElse(-1) == version) {
            return restart(version, stored.get().rescoring());
        }
        long toRescore = states.countScoredUnderAnotherModel(version);
        models.activate(version, toRescore, clock.instant());
        activeModel.reload();
        worker.submit(() -> rescoreAll(version));
        return progress(version);
    }

    private Optional<Progress> restart(int version, Rescoring last) {
        if (last == null || !last.failed()
                || !models.restartRescoring(version, states.countScoredUnderAnotherModel(version), clock.instant())) {
            throw new AlreadyActiveException(version, last != null && (last.running() || last.failed()));
        }
        LOG.infof("re-scoring under model version %d starts again after it failed", version);
        worker.submit(() -> rescoreAll(version));
        return progress(version);
    }

    /** Progress of the re-scoring of a version, empty when it was never activated. */
    public Optional<Progress> progress(int version) {
        return models.find(version).filter(m -> m.rescoring() != null).map(m -> {
            Rescoring r = m.rescoring();
            long remaining = r.running() || r.failed() ? states.countScoredUnderAnotherModel(version) : 0;
            return new Progress(version, r.status(), r.total(), r.done(), remaining, r.startedAt(), r.finishedAt(),
                    r.failure());
        });
    }

    void resume(@Observes @Priority(10) StartupEvent event) {
        models.activeVersion().flatMap(models::find)
                .filter(m -> m.rescoring() != null && m.rescoring().running())
                .ifPresent(m -> {
                    LOG.infof("resuming the re-scoring under model version %d", m.model().version());
                    worker.submit(() -> rescoreAll(m.model().version()));
                });
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        worker.shutdownNow();
    }

    private void rescoreAll(int version) {
        String under = " under model version " + version;
        String step = "reading its progress";
        Rescoring start = null;
        long done = 0;
        try {
            start = UntilApplied.apply("reading the re-scoring progress" + under,
                    () -> models.find(version).map(ModelRepository.StoredModel::rescoring).orElseThrow());
            done = start.done();
            while (!Thread.currentThread().isInterrupted()) {
                step = "reading the active model";
                ScoringModel model = UntilApplied.apply("re-scoring" + under, activeModel::current);
                if (model.version() != version) {
                    record(version, new Rescoring(Rescoring.SUPERSEDED, start.total(), done, start.startedAt(),
                            clock.instant()));
                    return;
                }
                Instant now = clock.instant();
                step = "reading the next leads to re-score";
                List<LeadScoringState> batch = UntilApplied.apply("reading leads to re-score" + under,
                        () -> states.scoredUnderAnotherModel(version, config.rescoring().batchSize()));
                if (batch.isEmpty()) {
                    break;
                }
                for (LeadScoringState candidate : batch) {
                    step = "re-scoring lead " + candidate.leadId();
                    Rescored rescored = UntilApplied.apply(step + under,
                            () -> locks.withLock(candidate.leadId(), () -> rescoreOnce(candidate, model, now)));
                    if (rescored != null) {
                        done++;
                    }
                }
                step = "recording its progress";
                record(version, new Rescoring(Rescoring.RUNNING, start.total(), done, start.startedAt(), null));
                long pause = config.rescoring().pauseBetweenBatches().toMillis();
                if (pause > 0) {
                    Thread.sleep(pause);
                }
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            step = "recording its end";
            record(version, new Rescoring(Rescoring.DONE, start.total(), done, start.startedAt(), clock.instant()));
            LOG.infof("re-scored %d leads%s", done, under);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (stopping || Thread.currentThread().isInterrupted()) {
                LOG.infof("re-scoring%s stopped by shutdown; it resumes at the next start", under);
                return;
            }
            fail(version, start, done, "stopped while " + step + ": " + cause(e), e);
        }
    }

    private void record(int version, Rescoring progress) {
        UntilApplied.run("recording the re-scoring progress under model version " + version,
                () -> models.recordProgress(version, progress));
    }

    /** Marks the re-scoring failed, so that it does not look {@code running} for ever and can be started again. */
    private void fail(int version, Rescoring start, long done, String failure, RuntimeException e) {
        if (isBug(e)) {
            LOG.errorf(e, "re-scoring under model version %d failed: %s", version, failure);
        } else {
            LOG.errorf("re-scoring under model version %d failed: %s", version, failure);
        }
        Instant now = clock.instant();
        try {
            record(version, new Rescoring(Rescoring.FAILED, start == null ? 0 : start.total(), done,
                    start == null ? now : start.startedAt(), now, failure));
        } catch (RuntimeException recording) {
            LOG.errorf("recording that the re-scoring under model version %d failed did not succeed either: %s",
                    version, cause(recording));
        }
    }

    /**
     * A short cause without personal data: the kind of failure and, for the database, its error code. Messages are
     * left out, as a database message or a decoding error can quote stored values.
     */
    static String cause(Throwable e) {
        MongoException mongo = Failures.mongoCause(e);
        if (mongo != null) {
            return "the database refused the operation (" + mongo.getClass().getSimpleName() + ", code "
                    + mongo.getCode() + ")";
        }
        Throwable unreadable = unreadable(e);
        if (unreadable != null) {
            return "a stored lead cannot be read (" + unreadable.getClass().getSimpleName() + ")";
        }
        return "unexpected " + e.getClass().getSimpleName();
    }

    /** The failure to decode a stored document in the cause chain, or null. */
    private static Throwable unreadable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CodecConfigurationException || t instanceof BSONException) {
                return t;
            }
        }
        return null;
    }

    /** Neither the database nor its data: worth a stack trace. */
    private static boolean isBug(Throwable e) {
        return Failures.mongoCause(e) == null && unreadable(e) == null;
    }

    /** A lead re-scored and stored (its LeadScored, if any, handed to the relay by the store). */
    private record Rescored() {
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
        state.rescore(model, now, LeadScoringState.TRIGGER_MODEL_CHANGE,
                config.decay().engagementStep());
        return states.save(state, now) ? new Rescored() : null;
    }
}
