package io.leadfunnel.handoff.repository;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many open hand-offs each rep holds, one small document per rep ({@code _id} = rep, {@code open}), so capacity
 * routing reads the reps' counts by {@code _id $in} instead of counting lifecycles. The lifecycle write that opens,
 * moves or ends a hand-off is followed by one increment here; a crash between the two leaves a count off by one until
 * the next recount ({@link #recount}), which a sweep makes from the lifecycles.
 */
@ApplicationScoped
public class OpenHandoffCounts {

    private final Collections collections;

    public OpenHandoffCounts(Collections collections) {
        this.collections = collections;
    }

    private MongoCollection<Document> counts() {
        return collections.get(Collections.OPEN_HANDOFFS);
    }

    /** The open hand-offs of these reps; a rep without a count holds none. */
    public Map<String, Integer> of(Collection<String> reps) {
        Map<String, Integer> result = new HashMap<>();
        if (reps.isEmpty()) {
            return result;
        }
        reps.forEach(rep -> result.put(rep, 0));
        counts().find(Filters.in("_id", reps)).forEach(d -> result.put(d.getString("_id"),
                Math.max(0, d.get("open", Number.class).intValue())));
        return result;
    }

    /** A hand-off left {@code from} and went to {@code to} (either may be null: opened, or ended), in one write. */
    public void moved(String from, String to) {
        Map<String, Integer> moves = new HashMap<>();
        add(moves, from, to);
        moved(moves);
    }

    /** Hand-offs moved by several writes, as the change of each rep's count ({@link #add}), in one write. */
    public void moved(Map<String, Integer> moves) {
        List<WriteModel<Document>> changes = new ArrayList<>();
        moves.forEach((rep, by) -> {
            if (by < 0) {
                changes.add(new UpdateOneModel<>(Filters.eq("_id", rep), Updates.inc("open", by)));
            } else if (by > 0) {
                changes.add(new UpdateOneModel<>(Filters.eq("_id", rep), Updates.inc("open", by),
                        new UpdateOptions().upsert(true)));
            }
        });
        if (!changes.isEmpty()) {
            counts().bulkWrite(changes);
        }
    }

    /** Adds a hand-off leaving {@code from} for {@code to} (either may be null) to the changes of the reps' counts. */
    public static void add(Map<String, Integer> moves, String from, String to) {
        if (from != null) {
            moves.merge(from, -1, Integer::sum);
        }
        if (to != null) {
            moves.merge(to, 1, Integer::sum);
        }
    }

    /**
     * Corrects every count that differs from one made from the lifecycles. A hand-off written while the lifecycles were
     * being read may be counted twice or not at all, until the next recount.
     *
     * @return how many counts were wrong
     */
    public int recount(Map<String, Integer> open) {
        Map<String, Integer> held = new HashMap<>();
        counts().find().forEach(d -> held.put(d.getString("_id"), d.get("open", Number.class).intValue()));
        List<WriteModel<Document>> changes = new ArrayList<>();
        Set<String> reps = new HashSet<>(held.keySet());
        reps.addAll(open.keySet());
        for (String rep : reps) {
            int actual = open.getOrDefault(rep, 0);
            if (!held.containsKey(rep) || held.get(rep) != actual) {
                changes.add(new ReplaceOneModel<>(Filters.eq("_id", rep), new Document("_id", rep).append("open", actual),
                        new ReplaceOptions().upsert(true)));
            }
        }
        if (!changes.isEmpty()) {
            counts().bulkWrite(changes);
        }
        return changes.size();
    }
}
