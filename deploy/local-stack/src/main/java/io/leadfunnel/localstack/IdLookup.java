package io.leadfunnel.localstack;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

import java.util.Collection;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Two planner improvements for mongo-java-server, shared by both backends of {@link EmbeddedMongo}. A query that pins
 * {@code _id} to one value next to other conditions ({@code {_id: x, version: 3}} or {@code {$and: [{_id: x}, ...]}})
 * reads that one document through the {@code _id} index instead of scanning the whole collection. A query for a list
 * of ids ({@code {_id: {$in: [...]}}}) takes the documents the index finds as they are ({@link #listsIds}).
 * <p>
 * mongo-java-server uses an index only when the query's fields are exactly the index's fields, so every optimistic,
 * version-checked write of the services (and every {@code $pull} guarded by another condition) scanned the collection:
 * a write's cost grew with the number of leads (measured by the benchmarks: about 1 ms at 20,000 documents for an
 * update by {@code _id} alone, 11 to 48 ms with a version check). MongoDB itself plans these queries on the {@code _id}
 * index; this brings the local engine in line. The result is the same: the candidate document is still matched
 * against the whole query.
 */
final class IdLookup {

    private IdLookup() {
    }

    /**
     * Plans a query: through the {@code _id} index when the query pins {@code _id} and is more than that, otherwise as
     * mongo-java-server would.
     *
     * @param namespace the collection's {@code database.collection}, for {@link CollectionScans}
     * @param indexes  the collection's indexes
     * @param throughIndex matches the documents at the given positions against the given query
     * @param asBefore mongo-java-server's own plan
     */
    static <P> QueryResult plan(String namespace, Document query, List<Index<P>> indexes,
                                BiFunction<Document, Iterable<P>, QueryResult> throughIndex,
                                Supplier<QueryResult> asBefore) {
        Document byId = idCondition(query);
        List<Index<P>> current = List.copyOf(indexes);
        if (byId != null && byId != query) {
            for (Index<P> index : current) {
                if (index.canHandle(byId)) { // only an index on exactly _id can
                    return throughIndex.apply(query, index.getPositions(byId));
                }
            }
        }
        if (listsIds(query)) {
            for (Index<P> index : current) {
                if (index.canHandle(query)) {
                    // each document the index found has one of the ids: nothing is left to match
                    return throughIndex.apply(new Document(), index.getPositions(query));
                }
            }
        }
        if (query != null && current.stream().noneMatch(index -> index.canHandle(query))) {
            CollectionScans.counted(namespace);
        }
        return asBefore.get();
    }

    /**
     * {@code {_id: value}} when the query requires {@code _id} to equal one plain value, either as a field of the
     * query or of one of the documents of an {@code $and}, at any depth ({@code Filters.and} of a filter that is
     * itself an {@code and} renders as nested {@code $and}s); null otherwise.
     */
    static Document idCondition(Document query) {
        if (query == null) {
            return null;
        }
        Object id = query.get("_id");
        if (id != null) {
            return plain(id) ? (query.size() == 1 ? query : new Document("_id", id)) : null;
        }
        if (query.get("$and") instanceof List<?> all) {
            for (Object part : all) {
                if (part instanceof Document conjunct) {
                    Document pinned = idCondition(conjunct);
                    if (pinned != null) {
                        return pinned == conjunct ? new Document("_id", conjunct.get("_id")) : pinned;
                    }
                }
            }
        }
        return null;
    }

    /**
     * Whether the query asks for documents by a list of ids and nothing else, {@code {_id: {$in: [...]}}}, every id a
     * string or an ObjectId. The engine finds those documents through the {@code _id} index and then matches each one
     * against the whole query again, comparing its id with every id of the list: a read of {@code k} documents by id
     * cost {@code k * k} comparisons, each normalising both values. A report of metrics-service reads several hundred
     * documents by id, and the services read each poll's leads so. For strings and ObjectIds the index finds exactly
     * the documents whose id is in the list (a number could equal a listed number of another type; those are left to
     * the engine's match).
     */
    static boolean listsIds(Document query) {
        if (query == null || query.size() != 1 || !(query.get("_id") instanceof Document condition)
                || condition.size() != 1 || !(condition.get("$in") instanceof Collection<?> ids)) {
            return false;
        }
        for (Object id : ids) {
            if (!(id instanceof String) && !(id instanceof ObjectId)) {
                return false;
            }
        }
        return true;
    }

    private static boolean plain(Object value) {
        return !(value instanceof Document) && !(value instanceof Collection<?>) && !(value instanceof Pattern)
                && !value.getClass().getName().contains("RegularExpression");
    }
}
