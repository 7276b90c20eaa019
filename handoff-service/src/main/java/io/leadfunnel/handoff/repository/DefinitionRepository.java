package io.leadfunnel.handoff.repository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.leadfunnel.handoff.domain.AgreedLeadDefinition;
import io.leadfunnel.handoff.domain.ApprovalSide;
import io.leadfunnel.handoff.domain.DefinitionApproval;
import io.leadfunnel.handoff.domain.DefinitionVersion;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Definition versions, one document each ({@code _id} = version number, {@code rev} for optimistic concurrency), and
 * the single {@code active-definition} pointer document. Which version is active is decided by the pointer alone, so
 * activating one version and retiring the previous one is one compare-and-set on one document.
 */
@ApplicationScoped
public class DefinitionRepository {

    private static final String ACTIVE = "active-definition";

    private final Collections collections;

    public DefinitionRepository(Collections collections) {
        this.collections = collections;
    }

    /** A definition version with the revision it was read at. */
    public record Stored(DefinitionVersion version, long rev) {
    }

    private MongoCollection<Document> definitions() {
        return collections.get(Collections.DEFINITIONS);
    }

    private MongoCollection<Document> pointers() {
        return collections.get(Collections.POINTERS);
    }

    public Optional<Stored> find(int version) {
        return Optional.ofNullable(definitions().find(Filters.eq("_id", version)).first()).map(DefinitionRepository::read);
    }

    public List<Stored> all() {
        List<Stored> result = new ArrayList<>();
        definitions().find().sort(Sorts.ascending("_id")).forEach(d -> result.add(read(d)));
        return result;
    }

    /** The highest version number used so far (0 when none). */
    public int latestVersion() {
        Document last = definitions().find().sort(Sorts.descending("_id")).first();
        return last == null ? 0 : last.getInteger("_id");
    }

    /** The active version number, if any. */
    public Optional<Integer> activeVersion() {
        Document pointer = pointers().find(Filters.eq("_id", ACTIVE)).first();
        return pointer == null ? Optional.empty() : Optional.ofNullable(pointer.getInteger("version"));
    }

    /** Inserts a new version; false when its number was taken meanwhile. */
    public boolean insert(DefinitionVersion version) {
        try {
            definitions().insertOne(write(version).append("_id", version.version()).append("rev", 1L));
            return true;
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getError().getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Writes a changed version if nobody else did since {@code rev}; false otherwise. */
    public boolean update(DefinitionVersion version, long rev) {
        Document fields = write(version);
        return definitions().updateOne(Filters.and(Filters.eq("_id", version.version()), Filters.eq("rev", rev)),
                Updates.combine(new Document("$set", fields), Updates.inc("rev", 1L))).getMatchedCount() == 1;
    }

    /**
     * Moves the active pointer from {@code expected} (null: none yet) to {@code version}, atomically: false when
     * another activation came first.
     */
    public boolean moveActivePointer(Integer expected, int version) {
        if (expected == null) {
            try {
                pointers().insertOne(new Document("_id", ACTIVE).append("version", version));
                return true;
            } catch (MongoWriteException e) {
                if (ErrorCategory.fromErrorCode(e.getError().getCode()) == ErrorCategory.DUPLICATE_KEY) {
                    return false;
                }
                throw e;
            }
        }
        return pointers().updateOne(Filters.and(Filters.eq("_id", ACTIVE), Filters.eq("version", expected)),
                Updates.set("version", version), new UpdateOptions().upsert(false)).getMatchedCount() == 1;
    }

    private static Document write(DefinitionVersion v) {
        List<Document> approvals = new ArrayList<>();
        for (DefinitionApproval a : v.approvals()) {
            approvals.add(new Document("side", a.side().name()).append("approvedBy", a.approvedBy())
                    .append("at", Date.from(a.at())));
        }
        Document doc = new Document("content", StoredJson.toDocument(v.definition()))
                .append("createdBy", v.createdBy())
                .append("createdAt", Date.from(v.createdAt()))
                .append("approvals", approvals);
        if (v.activatedAt() != null) {
            doc.append("activatedAt", Date.from(v.activatedAt())).append("activatedBy", v.activatedBy());
        }
        return doc;
    }

    private static Stored read(Document doc) {
        AgreedLeadDefinition content = StoredJson.fromDocument(doc.get("content", Document.class),
                AgreedLeadDefinition.class).withVersion(doc.getInteger("_id"));
        List<DefinitionApproval> approvals = new ArrayList<>();
        for (Document a : doc.getList("approvals", Document.class, List.of())) {
            approvals.add(new DefinitionApproval(ApprovalSide.valueOf(a.getString("side")), a.getString("approvedBy"),
                    a.getDate("at").toInstant()));
        }
        Date activatedAt = doc.getDate("activatedAt");
        DefinitionVersion version = new DefinitionVersion(content, doc.getString("createdBy"),
                doc.getDate("createdAt").toInstant(), approvals, activatedAt == null ? null : activatedAt.toInstant(),
                doc.getString("activatedBy"));
        Number rev = doc.get("rev", Number.class);
        return new Stored(version, rev == null ? 0 : rev.longValue());
    }
}
