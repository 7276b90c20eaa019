package io.leadfunnel.localstack;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the queries the embedded engine answers by reading a whole collection: no index of the collection can
 * answer them (mongo-java-server builds no non-unique index, and uses a unique one only for equality or {@code $in}
 * on exactly its keys) and {@link IdLookup} found no single {@code _id} they pin. The services' hot-path rule allows
 * that only in rare background sweeps, so a count that grows with the traffic names a query that breaks the rule: the
 * local stack logs the counts once a minute, and tests read them ({@link #snapshot()}).
 * <p>
 * Updates, deletes, finds and counts all plan through the same query method, so each of them counts once here; an
 * update of several documents by a non-unique field is one scan.
 */
public final class CollectionScans {

    private static final Map<String, LongAdder> SCANS = new ConcurrentHashMap<>();

    private CollectionScans() {
    }

    static void counted(String namespace) {
        SCANS.computeIfAbsent(namespace, n -> new LongAdder()).increment();
    }

    /** Scans so far per {@code database.collection}, in name order, since the engine's class was loaded. */
    public static Map<String, Long> snapshot() {
        Map<String, Long> counts = new TreeMap<>();
        SCANS.forEach((namespace, count) -> counts.put(namespace, count.sum()));
        return counts;
    }

    /** Scans of one {@code database.collection} so far. */
    public static long of(String namespace) {
        LongAdder count = SCANS.get(namespace);
        return count == null ? 0 : count.sum();
    }

    /** The scans between two snapshots, the collections with none left out, as "ns n, ns n"; empty when none. */
    static String since(Map<String, Long> before, Map<String, Long> now) {
        StringBuilder text = new StringBuilder();
        now.forEach((namespace, count) -> {
            long delta = count - before.getOrDefault(namespace, 0L);
            if (delta > 0) {
                text.append(text.isEmpty() ? "" : ", ").append(namespace).append(' ').append(delta);
            }
        });
        return text.toString();
    }
}
