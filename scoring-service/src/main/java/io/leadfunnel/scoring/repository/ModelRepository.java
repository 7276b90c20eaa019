package io.leadfunnel.scoring.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.leadfunnel.scoring.domain.ScoringModel;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Scoring model versions ({@code scoring_models}, {@code _id} = version) and the pointer to the active one
 * ({@code scoring_settings}, {@code _id: "active"}), so that switching models is a single-document write. The rules
 * are stored as a sub-document ({@code definition}) in the model's own JSON shape; progress of the re-scoring after
 * an activation is kept on the model ({@code rescoring}).
 */
@ApplicationScoped
public class ModelRepository {

    private static final String ACTIVE = "active";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final MongoCollection<Document> models;
    private final MongoCollection<Document> settings;

    public ModelRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.models = client.getDatabase(database).getCollection("scoring_models");
        this.settings = client.getDatabase(database).getCollection("scoring_settings");
    }

    /** A stored model version with what happened to it. */
    public record StoredModel(ScoringModel model, Instant createdAt, String createdBy, Instant activatedAt,
                              Rescoring rescoring) {
    }

    /**
     * Progress of the re-scoring that follows an activation.
     *
     * @param status  {@link #RUNNING}, {@link #DONE}, {@link #SUPERSEDED} or {@link #FAILED}
     * @param failure why a failed re-scoring stopped, without personal data; null otherwise
     */
    public record Rescoring(String status, long total, long done, Instant startedAt, Instant finishedAt,
                            String failure) {

        public static final String RUNNING = "running";
        public static final String DONE = "done";
        public static final String SUPERSEDED = "superseded";
        public static final String FAILED = "failed";

        public Rescoring(String status, long total, long done, Instant startedAt, Instant finishedAt) {
            this(status, total, done, startedAt, finishedAt, null);
        }

        public boolean running() {
            return RUNNING.equals(status);
        }

        public boolean failed() {
            return FAILED.equals(status);
        }
    }

    /** Stores the model as version 1 and makes it active, unless any model exists. */
    public boolean seed(ScoringModel model, Instant now) {
        if (models.countDocuments() > 0) {
            return false;
        }
        try {
            models.insertOne(toDocument(model.withVersion(1), now, "seed").append("activatedAt", Date.from(now)));
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getError().getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
        settings.updateOne(Filters.eq("_id", ACTIVE), Updates.setOnInsert("version", 1),
                new UpdateOptions().upsert(true));
        return true;
    }

    /** Stores a draft under the next free version number. */
    public ScoringModel insertDraft(ScoringModel draft, String createdBy, Instant now) {
        for (int attempt = 0; ; attempt++) {
            Document newest = models.find().sort(Sorts.descending("_id")).limit(1).first();
            int version = newest == null ? 1 : newest.getInteger("_id") + 1;
            ScoringModel stored = draft.withVersion(version);
            try {
                models.insertOne(toDocument(stored, now, createdBy));
                return stored;
            } catch (MongoWriteException e) {
                if (attempt > 10 || ErrorCategory.fromErrorCode(e.getError().getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
        }
    }

    public Optional<StoredModel> find(int version) {
        return Optional.ofNullable(models.find(Filters.eq("_id", version)).first()).map(ModelRepository::toStored);
    }

    public List<StoredModel> findAll() {
        return models.find().sort(Sorts.descending("_id")).into(new ArrayList<>()).stream()
                .map(ModelRepository::toStored).toList();
    }

    public Optional<Integer> activeVersion() {
        return Optional.ofNullable(settings.find(Filters.eq("_id", ACTIVE)).first()).map(d -> d.getInteger("version"));
    }

    /** Points the active pointer at {@code version} and records the start of its re-scoring. */
    public void activate(int version, long toRescore, Instant now) {
        models.updateOne(Filters.eq("_id", version), Updates.combine(
                Updates.set("activatedAt", Date.from(now)),
                Updates.set("rescoring", rescoringDocument(
                        new Rescoring(Rescoring.RUNNING, toRescore, 0, now, null)))));
        settings.updateOne(Filters.eq("_id", ACTIVE), Updates.set("version", version),
                new UpdateOptions().upsert(true));
    }

    /**
     * Starts the re-scoring of {@code version} again, only if it failed: of two concurrent restarts one wins.
     *
     * @return false when its re-scoring is not (or no longer) failed
     */
    public boolean restartRescoring(int version, long toRescore, Instant now) {
        return models.updateOne(
                Filters.and(Filters.eq("_id", version), Filters.eq("rescoring.status", Rescoring.FAILED)),
                Updates.set("rescoring", rescoringDocument(new Rescoring(Rescoring.RUNNING, toRescore, 0, now,
                        null)))).getMatchedCount() == 1;
    }

    /** Moves only the active pointer, without recording an activation (for restoring a previous state). */
    public void pointActiveTo(int version) {
        settings.updateOne(Filters.eq("_id", ACTIVE), Updates.set("version", version),
                new UpdateOptions().upsert(true));
    }

    public void recordProgress(int version, Rescoring rescoring) {
        models.findOneAndUpdate(Filters.eq("_id", version), Updates.set("rescoring", rescoringDocument(rescoring)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    }

    private static Document toDocument(ScoringModel model, Instant now, String createdBy) {
        try {
            Document definition = Document.parse(JSON.writeValueAsString(model));
            definition.remove("version");
            return new Document("_id", model.version()).append("createdAt", Date.from(now))
                    .append("createdBy", createdBy).append("definition", definition);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot store model", e);
        }
    }

    private static StoredModel toStored(Document doc) {
        try {
            ScoringModel model = JSON.readValue(doc.get("definition", Document.class).toJson(), ScoringModel.class)
                    .withVersion(doc.getInteger("_id"));
            Document r = doc.get("rescoring", Document.class);
            Rescoring rescoring = r == null ? null : new Rescoring(r.getString("status"),
                    r.get("total", Number.class).longValue(), r.get("done", Number.class).longValue(),
                    instant(r.getDate("startedAt")), instant(r.getDate("finishedAt")), r.getString("failure"));
            return new StoredModel(model, instant(doc.getDate("createdAt")), doc.getString("createdBy"),
                    instant(doc.getDate("activatedAt")), rescoring);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored model " + doc.get("_id") + " cannot be read", e);
        }
    }

    private static Document rescoringDocument(Rescoring r) {
        return new Document("status", r.status()).append("total", r.total()).append("done", r.done())
                .append("startedAt", r.startedAt() == null ? null : Date.from(r.startedAt()))
                .append("finishedAt", r.finishedAt() == null ? null : Date.from(r.finishedAt()))
                .append("failure", r.failure());
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
