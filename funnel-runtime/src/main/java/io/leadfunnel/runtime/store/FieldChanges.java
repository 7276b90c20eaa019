package io.leadfunnel.runtime.store;

import org.bson.BsonArray;
import org.bson.BsonBinaryReader;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The update that turns a stored document into its next state by changing only what changed, so a write that moves a
 * score or a stage does not send, and make the database compare and store again, every field of the document.
 * <p>
 * Both documents are compared as the bytes the driver reads and writes: a top-level field whose bytes are the same is
 * left alone; a top-level field that is gone is unset when the caller names it clearable, and otherwise kept (a field
 * this version does not write, maybe a newer version's, as a {@code $set} of every field kept it); a field gone from a
 * sub-document is unset; a sub-document is compared field by field (its changed fields set by
 * path, {@code state.stage}); an array whose new elements follow the ones it kept is pushed to, with a {@code $slice}
 * when elements at its front were dropped (a list capped to its latest entries); anything else is set whole. Field
 * names that cannot be part of a path (empty, with a dot, starting with {@code $}) have their parent set whole.
 * <p>
 * The result is exactly the document {@code after} (top-level field order aside), given the stored document is
 * {@code before}: callers guard the write by the version they read, so that holds, and they keep the fields named
 * {@code untouched} (an outbox only the relay removes from) out of the comparison and update them themselves.
 */
public final class FieldChanges {

    private FieldChanges() {
    }

    /**
     * The update from {@code before} to {@code after}: {@code $set}, {@code $unset} and {@code $push} as needed, each
     * left out when empty (an empty document when nothing changed).
     *
     * @param untouched top-level fields neither compared nor updated
     * @param clearable top-level fields unset when {@code after} has none
     */
    public static BsonDocument between(RawBsonDocument before, RawBsonDocument after, Set<String> untouched,
                                       Set<String> clearable) {
        Changes changes = new Changes();
        Doc was = Doc.of(before);
        Doc is = Doc.of(after);
        compare("", was, was.fields(), is, is.fields(), untouched, clearable, changes);
        return changes.update();
    }

    /** A document's bytes: {@code length} bytes of {@code bytes} from {@code offset}. */
    private record Doc(byte[] bytes, int offset, int length) {

        static Doc of(RawBsonDocument raw) {
            ByteBuffer buffer = raw.getByteBuffer().asNIO();
            byte[] copy = new byte[buffer.remaining()];
            buffer.get(copy);
            return new Doc(copy, 0, copy.length);
        }

        /** The value of {@code field}, a document or an array, as a document of its own. */
        Doc inner(Field field) {
            return new Doc(bytes, field.start(), field.end() - field.start());
        }

        RawBsonDocument raw() {
            return new RawBsonDocument(bytes, offset, length);
        }

        /** Each field's value bytes, in document order. */
        Map<String, Field> fields() {
            Map<String, Field> fields = new LinkedHashMap<>();
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length).slice();
            try (BsonBinaryReader reader = new BsonBinaryReader(buffer)) {
                reader.readStartDocument();
                BsonType type;
                while ((type = reader.readBsonType()) != BsonType.END_OF_DOCUMENT) {
                    String name = reader.readName();
                    int start = offset + reader.getBsonInput().getPosition();
                    reader.skipValue();
                    fields.put(name, new Field(type, start, offset + reader.getBsonInput().getPosition()));
                }
            }
            return fields;
        }

        boolean same(Field mine, Doc other, Field theirs) {
            return mine.type() == theirs.type() && Arrays.equals(bytes, mine.start(), mine.end(), other.bytes,
                    theirs.start(), theirs.end());
        }
    }

    /** A field's type and where its value's bytes are in the document's array. */
    private record Field(BsonType type, int start, int end) {
    }

    /** The operators collected while comparing. */
    private static final class Changes {
        private final BsonDocument set = new BsonDocument();
        private final BsonDocument unset = new BsonDocument();
        private final BsonDocument push = new BsonDocument();

        BsonDocument update() {
            BsonDocument update = new BsonDocument();
            if (!set.isEmpty()) {
                update.append("$set", set);
            }
            if (!unset.isEmpty()) {
                update.append("$unset", unset);
            }
            if (!push.isEmpty()) {
                update.append("$push", push);
            }
            return update;
        }
    }

    /**
     * @param was       {@code before}'s fields
     * @param is        {@code after}'s fields
     * @param clearable the fields unset when gone; null: every one
     */
    private static void compare(String prefix, Doc before, Map<String, Field> was, Doc after, Map<String, Field> is,
                                Set<String> untouched, Set<String> clearable, Changes changes) {
        RawBsonDocument afterRaw = after.raw();
        for (Map.Entry<String, Field> entry : is.entrySet()) {
            String name = entry.getKey();
            if (untouched.contains(name)) {
                continue;
            }
            Field now = entry.getValue();
            Field then = was.get(name);
            String path = prefix + name;
            if (then != null && before.same(then, after, now)) {
                continue;
            }
            if (then != null && now.type() == BsonType.DOCUMENT && then.type() == BsonType.DOCUMENT) {
                Doc innerBefore = before.inner(then);
                Doc innerAfter = after.inner(now);
                Map<String, Field> innerWas = innerBefore.fields();
                Map<String, Field> innerIs = innerAfter.fields();
                if (pathSafe(innerWas.keySet()) && pathSafe(innerIs.keySet())) {
                    compare(path + ".", innerBefore, innerWas, innerAfter, innerIs, Set.of(), null, changes);
                } else {
                    changes.set.append(path, afterRaw.get(name));
                }
            } else if (then != null && now.type() == BsonType.ARRAY && then.type() == BsonType.ARRAY) {
                compareArrays(path, before.inner(then), after.inner(now), afterRaw.get(name), changes);
            } else {
                changes.set.append(path, afterRaw.get(name));
            }
        }
        for (String name : was.keySet()) {
            if (!is.containsKey(name) && !untouched.contains(name) && (clearable == null || clearable.contains(name))) {
                changes.unset.append(prefix + name, new BsonString(""));
            }
        }
    }

    /**
     * An array that kept a run of its elements (all, or all but some at the front) and has new ones after them is
     * pushed to; any other change sets it whole.
     */
    private static void compareArrays(String path, Doc before, Doc after, BsonValue afterValue, Changes changes) {
        List<Field> was = List.copyOf(before.fields().values());
        List<Field> is = List.copyOf(after.fields().values());
        for (int dropped = 0; dropped < was.size(); dropped++) {
            int kept = was.size() - dropped;
            if (kept > is.size() || !sameRun(before, was, dropped, after, is, kept)) {
                continue;
            }
            List<BsonValue> added = afterValue.asArray().getValues().subList(kept, is.size());
            BsonDocument each = new BsonDocument("$each", new BsonArray(List.copyOf(added)));
            if (dropped > 0) {
                each.append("$slice", new BsonInt32(-is.size()));
            }
            changes.push.append(path, each);
            return;
        }
        changes.set.append(path, afterValue);
    }

    /** Whether {@code after}'s first {@code count} elements are {@code before}'s from {@code from} on. */
    private static boolean sameRun(Doc before, List<Field> was, int from, Doc after, List<Field> is, int count) {
        for (int i = 0; i < count; i++) {
            if (!before.same(was.get(from + i), after, is.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether every one of the field names can be a path component. */
    private static boolean pathSafe(Set<String> names) {
        for (String name : names) {
            if (name.isEmpty() || name.indexOf('.') >= 0 || name.charAt(0) == '$') {
                return false;
            }
        }
        return true;
    }
}
