package io.leadfunnel.metrics.aggregate;

import org.bson.BsonBinary;
import org.bson.Document;
import org.bson.types.Binary;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Sparse counters spread over aggregate documents: for each document id, counter name to count. A lead contributes
 * counters ({@link Contributions}); the change of a lead is the counters of its new fact minus those of its old one;
 * an aggregate is the sum of every change. Counts of zero are dropped, so two equal sets of counters are equal
 * whatever their history.
 *
 * <p>Counter names are made of parts ({@link #name}) that may hold any text: each part is escaped so that a name is a
 * valid MongoDB field name (no {@code .}, no leading {@code $}) and parts cannot run into each other.
 */
public final class Counters {

    /** Where a lead's counters are added: a {@link Counters}' {@link #add}, or one that takes them away. */
    @FunctionalInterface
    public interface Sink {
        void add(String document, String counter, long n);
    }

    private final Map<String, Map<String, Long>> byDocument = new HashMap<>();
    /** How many counters there are, over every document. */
    private int size;

    public static Counters empty() {
        return new Counters();
    }

    /**
     * A counter name from its parts, each escaped ({@code %}, {@code .}, {@code $}, {@code |} and the zero character
     * as {@code %XX}).
     */
    public static String name(String... parts) {
        StringBuilder name = new StringBuilder();
        for (String part : parts) {
            if (!name.isEmpty()) {
                name.append('|');
            }
            String text = part == null ? "" : part;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '%' -> name.append("%25");
                    case '.' -> name.append("%2E");
                    case '$' -> name.append("%24");
                    case '|' -> name.append("%7C");
                    case '\0' -> name.append("%00"); // BSON names end at a zero byte
                    default -> name.append(c);
                }
            }
        }
        return name.toString();
    }

    /** The parts of a counter name, unescaped: the inverse of {@link #name}. */
    public static String[] parts(String name) {
        String[] parts = name.split("\\|", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = unescape(parts[i]);
        }
        return parts;
    }

    /** One part of a counter name as it was before {@link #name} escaped it. */
    public static String unescape(String part) {
        if (part.indexOf('%') < 0) {
            return part;
        }
        StringBuilder text = new StringBuilder(part.length());
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '%' && i + 2 < part.length()) {
                text.append((char) Integer.parseInt(part, i + 1, i + 3, 16));
                i += 2;
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    /** Adds {@code n} to a counter of a document. */
    public Counters add(String document, String counter, long n) {
        if (n != 0) {
            Map<String, Long> counters = byDocument.computeIfAbsent(document, d -> new HashMap<>());
            if (!(counters instanceof HashMap)) {
                counters = new HashMap<>(counters); // a document's counters taken as they were held: copied first
                byDocument.put(document, counters);
            }
            int had = counters.size();
            counters.merge(counter, n, Counters::sumOrNone); // one look-up; a sum of zero removes the counter
            size += counters.size() - had;
            if (counters.isEmpty()) {
                byDocument.remove(document);
            }
        }
        return this;
    }

    /**
     * Takes a document's counters as they are, in place of any it had: an unmodifiable map, copied only when a counter
     * of the document is added to later (the counters of documents read before, {@link HeldDocuments}). Counts of
     * zero are not expected in it.
     */
    Counters adopt(String document, Map<String, Long> counters) {
        Map<String, Long> had = counters.isEmpty() ? byDocument.remove(document) : byDocument.put(document, counters);
        size += counters.size() - (had == null ? 0 : had.size());
        return this;
    }

    private static Long sumOrNone(Long a, Long b) {
        long sum = a + b;
        return sum == 0 ? null : sum;
    }

    /** Adds every counter of {@code other}, times {@code sign} (1 to add, -1 to take away). */
    public Counters add(Counters other, int sign) {
        other.byDocument.forEach((document, counters) -> counters.forEach((counter, n) ->
                add(document, counter, sign * n)));
        return this;
    }

    /** How many counters there are, over every document. */
    public int size() {
        return size;
    }

    /** Removes every counter. */
    public void clear() {
        byDocument.clear();
        size = 0;
    }

    public boolean isEmpty() {
        return byDocument.isEmpty();
    }

    public Set<String> documents() {
        return Collections.unmodifiableSet(byDocument.keySet());
    }

    /** The counters of one document, by name; empty when it has none. */
    public Map<String, Long> of(String document) {
        return Collections.unmodifiableMap(byDocument.getOrDefault(document, Map.of()));
    }

    public long get(String document, String counter) {
        return byDocument.getOrDefault(document, Map.of()).getOrDefault(counter, 0L);
    }

    /** As stored: {@code {document: {counter: n}}}. */
    public Document toBson() {
        Document bson = new Document();
        byDocument.forEach((document, counters) -> bson.append(document, new Document(counters)));
        return bson;
    }

    /**
     * As carried in a lead's document and in a log entry: the {@link #toBson} document encoded as one binary value,
     * which MongoDB stores and returns without looking into it (a lead's change names dozens of counters in a dozen
     * documents; as one value they cost the server one field, not hundreds). Written straight from the counters
     * ({@link StoredCounters}), with no document in between: a poll encodes every changed lead's change and each
     * partition's sum. A {@link BsonBinary}, which the driver writes without copying its bytes.
     */
    public BsonBinary stored() {
        return new BsonBinary(StoredCounters.write(byDocument, size));
    }

    /** The counters of a {@link #stored} value; also reads the plain document stored before. */
    public static Counters fromStored(Object stored) {
        return fromBson(storedDocument(stored));
    }

    /** A {@link #stored} value as the document it encodes; a plain document as it is; null as null. */
    public static Document storedDocument(Object stored) {
        return stored == null ? null : storedDocuments(stored, document -> true);
    }

    /**
     * The documents of a {@link #stored} value (as written, or as the driver reads it back: a {@link Binary}) that
     * {@code wanted} accepts, each as its counters by name; the others are skipped unread (a reader needs a few of the
     * dozens a change names). A plain document stored before is filtered likewise. Null reads as empty.
     */
    public static Document storedDocuments(Object stored, Predicate<String> wanted) {
        return storedDocuments(stored, wanted, null);
    }

    /**
     * As {@link #storedDocuments(Object, Predicate)}, each name of a {@link #stored} value taken from {@code names}
     * when it holds it already, and added to it otherwise: what decodes many values at once (a fold's pass) holds each
     * name once, not once per value. Null keeps the names as read.
     */
    public static Document storedDocuments(Object stored, Predicate<String> wanted, Map<String, String> names) {
        if (stored instanceof Binary binary) {
            return StoredCounters.read(binary.getData(), wanted, names);
        }
        if (stored instanceof BsonBinary binary) {
            return StoredCounters.read(binary.getData(), wanted, names);
        }
        Document documents = new Document();
        if (stored instanceof Document plain) {
            plain.forEach((document, counters) -> {
                if (wanted.test(document)) {
                    documents.put(document, counters);
                }
            });
        }
        return documents;
    }

    public static Counters fromBson(Document bson) {
        Counters counters = new Counters();
        if (bson != null) {
            bson.forEach((document, value) -> ((Document) value).forEach((counter, n) ->
                    counters.add(document, counter, ((Number) n).longValue())));
        }
        return counters;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Counters c && byDocument.equals(c.byDocument);
    }

    @Override
    public int hashCode() {
        return byDocument.hashCode();
    }

    @Override
    public String toString() {
        return byDocument.toString();
    }
}
