package io.leadfunnel.localstack;

import de.bwaldvogel.mongo.backend.AbstractMongoCollection;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.backend.EngineValues;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.NumericUtils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.oplog.Oplog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * An update of the shapes the services send, applied by the local stack itself instead of by mongo-java-server:
 * {@code $set}, {@code $unset}, {@code $inc}, {@code $max}, {@code $min}, {@code $setOnInsert}, {@code $push} (of one
 * value, or {@code $each} with an optional {@code $slice}) and {@code $pull} (whose condition the engine's own matcher
 * applies to each element), on field paths through subdocuments, and an upsert's insert when the selector is one
 * {@code _id}. Anything else (a replacement, another operator, an array filter, a positional path, {@code _id}, paths
 * that overlap, a path through an array or a scalar, a {@code $inc} of a non-number, an upsert's insert from any other
 * selector) is left to the engine, which also gives every error.
 *
 * <p>Updates were more than half of the engine's CPU under the funnel's load, and most of that was not the change
 * itself: the engine copies the found document deeply, copies it again to compute the new one, parses each path with
 * regular expressions once per operator and field, and then compares the whole old and new documents, normalizing
 * every value, to count it as modified. Here each path is split once, the new document is a copy of the top level
 * that copies only the subdocuments on a changed path, and only the changed top-level fields are compared. Unchanged
 * values are shared with the stored document, which is never changed (so the H2 store may write the old version's
 * page meanwhile).
 *
 * <p>The result is the engine's: the same document, field order included, the same {@code n} and {@code nModified},
 * the same index checks and index maintenance. "Unchanged" and "greater" are decided by the engine's own comparisons
 * ({@link EngineValues}). {@code PlainUpdateTest} applies a corpus of updates both ways and compares every result.
 */
final class PlainUpdate {

    private enum Operator {
        SET("$set"), UNSET("$unset"), INC("$inc"), MAX("$max"), MIN("$min"), SET_ON_INSERT("$setOnInsert"),
        PUSH("$push"), PULL("$pull");

        private final String name;

        Operator(String name) {
            this.name = name;
        }

        static Operator named(String name) {
            for (Operator operator : values()) {
                if (operator.name.equals(name)) {
                    return operator;
                }
            }
            return null;
        }
    }

    /** One field's change: the operator, the field's path split at its dots, and the operator's argument. */
    private record Change(Operator operator, String[] path, Object argument) {
    }

    /** The document an update made of a stored one, and whether it differs as the engine counts it. */
    record Updated(Document document, boolean changed, boolean modified) {
    }

    /**
     * Where an update reads and writes: the collection, the name of its id field, its query (the backend's planner, a
     * protected method), and how the backend stores a changed document in place of the stored one.
     */
    record Target<P>(AbstractMongoCollection<P> collection, String idField,
                     Function<Document, Iterable<Document>> find, Store<P> store) {
    }

    /** How a backend stores the new version of a document at its position. */
    interface Store<P> {

        void store(P position, Document stored, Document updated);
    }

    /** What {@link #valueAt} answers for a path through something other than a subdocument. */
    private static final Object NOT_A_PATH = new Object();

    private final List<Change> changes;

    private PlainUpdate(List<Change> changes) {
        this.changes = changes;
    }

    /**
     * Applies an update command's update to the documents the selector finds, as the engine's
     * {@code updateDocuments} would; null when the update, or a document it found, is not one this class handles, and
     * then nothing was changed. The caller holds the collection's lock.
     */
    static <P> Document updateDocuments(Target<P> target, Document selector, Document update, ArrayFilters filters,
                                        boolean multi, boolean upsert, Oplog oplog) {
        PlainUpdate plain = filters.isEmpty() && "_id".equals(target.idField()) ? parse(update) : null;
        if (plain == null) {
            return null;
        }
        List<Document> found = new ArrayList<>();
        List<Updated> updates = new ArrayList<>();
        for (Document stored : target.find().apply(selector)) {
            Updated updated;
            try {
                updated = plain.apply(stored);
            } catch (RuntimeException e) {
                return null; // the engine fails the update with the same cause, in its own words
            }
            if (updated == null) {
                return null;
            }
            found.add(stored);
            updates.add(updated);
            if (!multi) {
                break;
            }
        }
        if (found.isEmpty() && upsert) {
            return plain.insert(target, selector, oplog);
        }
        Index<P> ids = idIndex(target.collection().getIndexes());
        if (ids == null) {
            return null;
        }
        List<Object> modifiedIds = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            Document stored = found.get(i);
            Updated updated = updates.get(i);
            if (updated.changed()) {
                List<Index<P>> indexes = target.collection().getIndexes();
                for (Index<P> index : indexes) {
                    index.checkUpdate(stored, updated.document(), target.collection());
                }
                P position = ids.getPosition(stored);
                for (Index<P> index : indexes) {
                    index.updateInPlace(stored, updated.document(), position, target.collection());
                }
                target.store().store(position, stored, updated.document());
            }
            if (updated.modified()) {
                modifiedIds.add(stored.get("_id"));
            }
        }
        oplog.handleUpdate(target.collection().getFullName(), selector, update, modifiedIds);
        Document result = new Document();
        result.put("n", found.size());
        result.put("nModified", modifiedIds.size());
        return result;
    }

    /**
     * An upsert that found nothing inserts the selector's equality fields with the update applied to them, its
     * {@code $setOnInsert} fields included, as the engine's upsert does. Only the selectors {@link #upsertStart} takes
     * are handled here (null otherwise): the engine builds the new document from any other.
     */
    private <P> Document insert(Target<P> target, Document selector, Oplog oplog) {
        Document inserted = upsertStart(selector);
        if (inserted == null) {
            return null;
        }
        Object id = inserted.get("_id");
        Set<Document> copies = Collections.newSetFromMap(new IdentityHashMap<>());
        copies.add(inserted);
        try {
            for (Change change : changes) {
                if (!applyChange(inserted, copies, change, true)) {
                    return null;
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
        target.collection().addDocument(inserted);
        oplog.handleInsert(target.collection().getFullName(), List.of(inserted));
        Document result = new Document("upserted", id);
        result.put("n", 0);
        result.put("nModified", 0);
        return result;
    }

    /**
     * The document an upsert's insert starts from, as the engine makes it of the selector: its fields in their order,
     * those of an {@code $and} included. Taken here only when the selector is a string or ObjectId {@code _id} first
     * and other top-level fields, each once, equal to a string, a number or a boolean, directly or as the parts of one
     * {@code $and}: {@code {_id: id}}, {@code {_id: id, version: 3}}, {@code {$and: [{_id: id}, {version: 3}]}} (every
     * versioned write of the services). Null for anything else (operators, {@code $or}, paths, subdocuments, lists,
     * null, a field named twice), which the engine converts, with its errors.
     */
    static Document upsertStart(Document selector) {
        Document start = new Document();
        if (!equalities(selector, start, true)) {
            return null;
        }
        // the engine puts _id first in the new document: a selector that names it later is left to the engine
        Object id = start.isEmpty() || !start.keySet().iterator().next().equals("_id") ? null : start.get("_id");
        return id instanceof String || id instanceof ObjectId ? start : null;
    }

    private static boolean equalities(Document selector, Document start, boolean top) {
        for (Map.Entry<String, Object> field : selector.entrySet()) {
            String name = field.getKey();
            Object value = field.getValue();
            if (top && name.equals("$and") && value instanceof List<?> parts && !parts.isEmpty()) {
                for (Object part : parts) {
                    if (!(part instanceof Document equalities) || !equalities(equalities, start, false)) {
                        return false;
                    }
                }
            } else if (name.isEmpty() || name.charAt(0) == '$' || name.indexOf('.') >= 0 || start.containsKey(name)
                    || !(value instanceof String || value instanceof Number || value instanceof Boolean
                    || value instanceof ObjectId)) {
                return false;
            } else {
                start.put(name, value);
            }
        }
        return true;
    }

    private static <P> Index<P> idIndex(List<Index<P>> indexes) {
        for (Index<P> index : indexes) {
            List<IndexKey> keys = index.getKeys();
            if (index.isUnique() && keys.size() == 1 && keys.get(0).getKey().equals("_id")) {
                return index;
            }
        }
        return null;
    }

    /** The update as changes of fields, or null when it is not one this class applies. */
    static PlainUpdate parse(Document update) {
        if (update == null || update.isEmpty()) {
            return null;
        }
        List<Change> changes = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        for (Map.Entry<String, Object> byOperator : update.entrySet()) {
            Operator operator = Operator.named(byOperator.getKey());
            if (operator == null || !(byOperator.getValue() instanceof Document fields) || fields.isEmpty()) {
                return null;
            }
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                String path = field.getKey();
                String[] segments = segments(path);
                if (segments == null || !argumentHandled(operator, field.getValue()) || !paths.add(path)) {
                    return null;
                }
                changes.add(new Change(operator, segments, field.getValue()));
            }
        }
        return overlapping(paths) ? null : new PlainUpdate(changes);
    }

    /**
     * Whether a path names a field inside another one's: each path's enclosing paths are looked up in the set, so an
     * update of many fields (a fold's {@code $inc} of thousands of counters) is checked in time linear in its paths'
     * length rather than pair by pair. Equal paths were refused as they were added.
     */
    private static boolean overlapping(Set<String> paths) {
        for (String path : paths) {
            for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
                if (paths.contains(path.substring(0, dot))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A path's fields; null for {@code _id}, a positional or otherwise {@code $}-named field, or an empty one. */
    private static String[] segments(String path) {
        String[] segments = path.split("\\.", -1);
        if (segments[0].equals("_id")) {
            return null;
        }
        for (String segment : segments) {
            if (segment.isEmpty() || segment.charAt(0) == '$') {
                return null;
            }
        }
        return segments;
    }

    private static boolean argumentHandled(Operator operator, Object argument) {
        return switch (operator) {
            case INC -> argument instanceof Number;
            case PUSH -> !(argument instanceof Document pushed) || pushedValues(pushed) != null;
            default -> true;
        };
    }

    /**
     * The values a {@code $push} of a document adds: its {@code $each} when it has one and nothing but an integral
     * {@code $slice} beside it; the document itself when none of its fields is an operator; null otherwise.
     */
    private static Collection<?> pushedValues(Document pushed) {
        if (!pushed.containsKey("$each")) {
            for (String key : pushed.keySet()) {
                if (key.startsWith("$")) {
                    return null;
                }
            }
            return List.of(pushed);
        }
        for (Map.Entry<String, Object> modifier : pushed.entrySet()) {
            boolean handled = switch (modifier.getKey()) {
                case "$each" -> modifier.getValue() instanceof Collection<?>;
                case "$slice" -> modifier.getValue() instanceof Integer;
                default -> false;
            };
            if (!handled) {
                return null;
            }
        }
        return (Collection<?>) pushed.get("$each");
    }

    /**
     * The document this update makes of {@code stored}, which is left as it is; null when a path meets something
     * other than a subdocument or a missing field on its way, or a value this class does not change (the engine then
     * decides, or fails the update).
     */
    Updated apply(Document stored) {
        Document updated = stored.clone();
        Set<Document> copies = Collections.newSetFromMap(new IdentityHashMap<>());
        copies.add(updated);
        Set<String> touched = new LinkedHashSet<>();
        for (Change change : changes) {
            if (!applyChange(updated, copies, change, false)) {
                return null;
            }
            touched.add(change.path()[0]);
        }
        boolean changed = false;
        boolean modified = false;
        for (String field : touched) {
            boolean before = stored.containsKey(field);
            if (before != updated.containsKey(field)) {
                return new Updated(updated, true, true);
            }
            Object was = stored.get(field);
            Object is = updated.get(field);
            if (!Objects.equals(was, is)) {
                changed = true;
                modified |= !sameValue(was, is);
            }
        }
        return new Updated(updated, changed, modified);
    }

    /**
     * Applies one field's change to {@code updated}, copying what it changes that is still shared with the stored
     * document; false when the field's path or value is not one this class changes. {@code inserting}: the document
     * is an upsert's new one, so {@code $setOnInsert} sets its fields.
     */
    private static boolean applyChange(Document updated, Set<Document> copies, Change change, boolean inserting) {
        String[] path = change.path();
        Object current = valueAt(updated, path);
        if (current == NOT_A_PATH) {
            return false;
        }
        Object argument = change.argument();
        Operator operator = change.operator() == Operator.SET_ON_INSERT && inserting ? Operator.SET : change.operator();
        switch (operator) {
            case SET -> {
                if (!(current instanceof Missing) && sameValue(argument, current)) {
                    return true;
                }
                return put(updated, copies, path, argument);
            }
            case UNSET -> {
                return current instanceof Missing || remove(updated, copies, path);
            }
            case INC -> {
                Number base;
                if (Missing.isNullOrMissing(current)) {
                    base = 0;
                } else if (current instanceof Number number) {
                    base = number;
                } else {
                    return false;
                }
                return put(updated, copies, path, NumericUtils.addNumbers(base, (Number) argument));
            }
            case MAX, MIN -> {
                return !replaces(operator, current, argument) || put(updated, copies, path, argument);
            }
            case SET_ON_INSERT -> {
                return true; // the document exists: these fields are for an insert only
            }
            case PUSH -> {
                return push(updated, copies, path, current, argument);
            }
            case PULL -> {
                if (Missing.isNullOrMissing(current)) {
                    return true;
                }
                if (!(current instanceof List<?> existing)) {
                    return false;
                }
                DefaultQueryMatcher matcher = new DefaultQueryMatcher();
                List<Object> kept = new ArrayList<>(existing);
                kept.removeIf(element -> matcher.matchesValue(argument, element));
                return put(updated, copies, path, kept);
            }
            default -> throw new IllegalStateException(operator.name());
        }
    }

    /**
     * Whether two values are equal as the engine's updates see them ({@link EngineValues#nullAwareEquals}: 1, 1L and
     * 1.0 are), answered element by element for lists and field by field for subdocuments, which is what the engine's
     * answer amounts to, so that values an update shares between the old and the new document are recognized as the
     * same object instead of being normalized and compared whole (a list of fifty timeline entries with one pushed
     * and one sliced off).
     */
    static boolean sameValue(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a instanceof List<?> one && b instanceof List<?> other) {
            if (one.size() != other.size()) {
                return false;
            }
            for (int i = 0; i < one.size(); i++) {
                if (!sameValue(one.get(i), other.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Document one && b instanceof Document other) {
            if (one.size() != other.size()) {
                return false;
            }
            var keys = other.keySet().iterator();
            for (Map.Entry<String, Object> field : one.entrySet()) {
                if (!field.getKey().equals(keys.next()) || !sameValue(field.getValue(), other.get(field.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return EngineValues.nullAwareEquals(a, b);
    }

    /** Whether {@code $max} or {@code $min} replaces the current value by the argument: the engine's rule. */
    private static boolean replaces(Operator operator, Object current, Object argument) {
        if (current instanceof Missing) {
            return true;
        }
        int types = EngineValues.compareTypes(argument, current);
        if (types != 0) {
            return operator == Operator.MAX ? types > 0 : types < 0;
        }
        ValueComparator order = operator == Operator.MIN ? ValueComparator.asc() : ValueComparator.desc();
        return order.compare(argument, current) < 0;
    }

    private static boolean push(Document updated, Set<Document> copies, String[] path, Object current,
                                Object argument) {
        List<Object> list = new ArrayList<>();
        if (current instanceof List<?> existing) {
            list.addAll(existing);
        } else if (!Missing.isNullOrMissing(current)) {
            return false;
        }
        if (argument instanceof Document pushed && pushed.containsKey("$each")) {
            list.addAll(pushedValues(pushed));
            if (pushed.get("$slice") instanceof Integer keep) {
                int size = list.size();
                list = keep < 0 ? new ArrayList<>(list.subList(Math.max(0, size + keep), size))
                        : new ArrayList<>(list.subList(0, Math.min(keep, size)));
            }
        } else {
            list.add(argument);
        }
        return put(updated, copies, path, list);
    }

    /**
     * The value at {@code path}: {@link Missing} when a field on the way or the last one is absent; {@link #NOT_A_PATH}
     * when a field on the way holds anything but a subdocument.
     */
    private static Object valueAt(Document document, String[] path) {
        Document parent = document;
        for (int i = 0; i < path.length - 1; i++) {
            if (!parent.containsKey(path[i])) {
                return Missing.getInstance();
            }
            if (!(parent.get(path[i]) instanceof Document child)) {
                return NOT_A_PATH;
            }
            parent = child;
        }
        return parent.containsKey(path[path.length - 1]) ? parent.get(path[path.length - 1]) : Missing.getInstance();
    }

    private static boolean put(Document updated, Set<Document> copies, String[] path, Object value) {
        Document parent = parentForChange(updated, copies, path, true);
        if (parent == null) {
            return false;
        }
        parent.put(path[path.length - 1], value);
        return true;
    }

    private static boolean remove(Document updated, Set<Document> copies, String[] path) {
        Document parent = parentForChange(updated, copies, path, false);
        if (parent == null) {
            return false;
        }
        parent.remove(path[path.length - 1]);
        return true;
    }

    /**
     * The subdocument that holds the path's last field, copied on the way where it is still shared with the stored
     * document, and created where a field on the way is absent (when {@code create}).
     */
    private static Document parentForChange(Document updated, Set<Document> copies, String[] path, boolean create) {
        Document parent = updated;
        for (int i = 0; i < path.length - 1; i++) {
            Object child = parent.get(path[i]);
            Document next;
            if (child == null && !parent.containsKey(path[i]) && create) {
                next = new Document();
                copies.add(next);
            } else if (child instanceof Document shared) {
                if (copies.contains(shared)) {
                    parent = shared;
                    continue;
                }
                next = shared.clone();
                copies.add(next);
            } else {
                return null;
            }
            parent.put(path[i], next);
            parent = next;
        }
        return parent;
    }
}
