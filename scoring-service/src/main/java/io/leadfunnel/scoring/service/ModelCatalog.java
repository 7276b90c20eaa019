package io.leadfunnel.scoring.service;

import io.leadfunnel.scoring.domain.ModelValidation;
import io.leadfunnel.scoring.domain.ScoringModel;
import io.leadfunnel.scoring.repository.ModelRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Model versions: stores validated drafts and reads them back with their status. */
@ApplicationScoped
public class ModelCatalog {

    /** A model version with its status. */
    public record Entry(ModelRepository.StoredModel stored, Status status) {
    }

    /** DRAFT: never active; ACTIVE: new scores use it; RETIRED: was active before. */
    public enum Status { DRAFT, ACTIVE, RETIRED }

    /** The draft has invalid fields. */
    public static class InvalidModelException extends RuntimeException {
        private final List<ModelValidation.Fault> faults;

        public InvalidModelException(List<ModelValidation.Fault> faults) {
            super(faults.size() + " invalid field(s)");
            this.faults = List.copyOf(faults);
        }

        public List<ModelValidation.Fault> faults() {
            return faults;
        }
    }

    private final ModelRepository models;
    private final Clock clock;

    public ModelCatalog(ModelRepository models, Clock clock) {
        this.models = models;
        this.clock = clock;
    }

    /**
     * Validates and stores a draft under the next version.
     *
     * @throws InvalidModelException naming every invalid field
     */
    public Entry createDraft(ScoringModel draft, String createdBy) {
        List<ModelValidation.Fault> faults = ModelValidation.faults(draft);
        if (!faults.isEmpty()) {
            throw new InvalidModelException(faults);
        }
        ScoringModel stored = models.insertDraft(draft, createdBy, clock.instant());
        return get(stored.version()).orElseThrow();
    }

    public List<Entry> list() {
        int active = models.activeVersion().orElse(-1);
        return models.findAll().stream().map(m -> entry(m, active)).toList();
    }

    public Optional<Entry> get(int version) {
        int active = models.activeVersion().orElse(-1);
        return models.find(version).map(m -> entry(m, active));
    }

    public Entry active() {
        int active = models.activeVersion().orElseThrow(() -> new IllegalStateException("no active model"));
        return get(active).orElseThrow();
    }

    private static Entry entry(ModelRepository.StoredModel stored, int active) {
        Status status = stored.model().version() == active ? Status.ACTIVE
                : stored.activatedAt() != null ? Status.RETIRED : Status.DRAFT;
        return new Entry(stored, status);
    }
}
