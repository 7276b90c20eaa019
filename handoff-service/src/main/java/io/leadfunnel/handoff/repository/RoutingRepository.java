package io.leadfunnel.handoff.repository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.leadfunnel.handoff.domain.RoutingTable;
import io.leadfunnel.handoff.domain.SalesRep;
import io.leadfunnel.handoff.domain.WeightedRoundRobin;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The routing table (one document), the reps (one document each) and each team's round-robin credit (one document
 * per team, updated by compare-and-set so concurrent hand-offs do not lose each other's picks).
 */
@ApplicationScoped
public class RoutingRepository {

    private static final String TABLE = "table";

    private final Collections collections;

    public RoutingRepository(Collections collections) {
        this.collections = collections;
    }

    private MongoCollection<Document> routing() {
        return collections.get(Collections.ROUTING);
    }

    private MongoCollection<Document> repCollection() {
        return collections.get(Collections.REPS);
    }

    private MongoCollection<Document> rotations() {
        return collections.get(Collections.ROTATIONS);
    }

    public Optional<RoutingTable> table() {
        Document doc = routing().find(Filters.eq("_id", TABLE)).first();
        return doc == null ? Optional.empty()
                : Optional.of(StoredJson.fromDocument(doc.get("content", Document.class), RoutingTable.class));
    }

    public void saveTable(RoutingTable table) {
        routing().replaceOne(Filters.eq("_id", TABLE), new Document("_id", TABLE)
                .append("content", StoredJson.toDocument(table)), new ReplaceOptions().upsert(true));
    }

    public List<SalesRep> reps() {
        List<SalesRep> result = new ArrayList<>();
        repCollection().find().sort(Sorts.ascending("_id")).forEach(d -> result.add(readRep(d)));
        return result;
    }

    public Optional<SalesRep> rep(String id) {
        return Optional.ofNullable(repCollection().find(Filters.eq("_id", id)).first()).map(RoutingRepository::readRep);
    }

    public void saveRep(SalesRep rep) {
        repCollection().replaceOne(Filters.eq("_id", rep.id()), new Document("_id", rep.id()).append("team", rep.team())
                .append("weight", rep.weight()).append("available", rep.available())
                .append("capacity", rep.capacity()), new ReplaceOptions().upsert(true));
    }

    public boolean deleteRep(String id) {
        return repCollection().deleteOne(Filters.eq("_id", id)).getDeletedCount() == 1;
    }

    private static SalesRep readRep(Document d) {
        return new SalesRep(d.getString("_id"), d.getString("team"), d.getInteger("weight", 1),
                d.getBoolean("available", true), d.getInteger("capacity", 0));
    }

    /** A team's round-robin credit and its revision (0: none stored). */
    public record Rotation(String team, WeightedRoundRobin robin, long rev) {
    }

    public Rotation rotation(String team) {
        Document doc = rotations().find(Filters.eq("_id", team)).first();
        if (doc == null) {
            return new Rotation(team, new WeightedRoundRobin(Map.of()), 0);
        }
        Map<String, Long> credit = new HashMap<>();
        for (Document entry : doc.getList("credit", Document.class, List.of())) {
            credit.put(entry.getString("rep"), ((Number) entry.get("credit")).longValue());
        }
        return new Rotation(team, new WeightedRoundRobin(credit), doc.getLong("rev"));
    }

    /** Stores a team's credit after a pick if nobody picked meanwhile; false otherwise. */
    public boolean saveRotation(Rotation rotation) {
        // a list rather than a map: rep ids may contain dots, which field names should not
        List<Document> credit = new ArrayList<>();
        rotation.robin().credit().forEach((rep, value) -> credit.add(new Document("rep", rep).append("credit", value)));
        if (rotation.rev() == 0) {
            try {
                rotations().insertOne(new Document("_id", rotation.team()).append("credit", credit).append("rev", 1L));
                return true;
            } catch (MongoWriteException e) {
                if (ErrorCategory.fromErrorCode(e.getError().getCode()) == ErrorCategory.DUPLICATE_KEY) {
                    return false;
                }
                throw e;
            }
        }
        return rotations().updateOne(Filters.and(Filters.eq("_id", rotation.team()), Filters.eq("rev", rotation.rev())),
                Updates.combine(Updates.set("credit", credit), Updates.inc("rev", 1L))).getMatchedCount() == 1;
    }
}
