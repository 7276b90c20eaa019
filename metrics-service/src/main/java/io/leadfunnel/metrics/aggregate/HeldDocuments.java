package io.leadfunnel.metrics.aggregate;

import org.bson.Document;

import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Aggregate documents' counters as last read, with the watermarks they were read at. A fold changes a document's
 * counters and its watermarks in one update, so while the watermarks are the same the counters are too: a report then
 * asks the store for the watermarks alone and takes the counters from here. Most documents a report reads are of past
 * days, which no fold changes any more; without this, every query had the engine encode and the driver decode each of
 * them whole (a report grouped by campaign over 120 days reads about a quarter of a million counters).
 *
 * <p>Held per generation and incarnation: a generation dropped and established again under the same name (its logs
 * start over, so watermarks repeat) has a new incarnation ({@code since} in its {@code established} document).
 * Bounded by the number of counters held; the documents read least recently leave first.
 */
final class HeldDocuments {

    /** A document's watermarks and counters as one read saw them; the counters are not to be changed. */
    record Held(Document watermarks, Map<String, Long> counters) {
    }

    private final int maxCounters;
    private final LinkedHashMap<String, Held> byKey = new LinkedHashMap<>(256, 0.75f, true);
    private int counters;

    HeldDocuments(int maxCounters) {
        this.maxCounters = maxCounters;
    }

    /** The document as held, if it is held at exactly these watermarks. */
    synchronized Held get(String generation, String incarnation, String id, Document watermarks) {
        Held held = byKey.get(key(generation, incarnation, id));
        return held != null && held.watermarks().equals(watermarks) ? held : null;
    }

    /** Holds a document as just read; returns it as held (its counters unmodifiable). */
    synchronized Held put(String generation, String incarnation, String id, Document watermarks,
                          Map<String, Long> read) {
        Held held = new Held(watermarks, Collections.unmodifiableMap(read));
        if (read.size() > maxCounters) {
            return held;
        }
        Held replaced = byKey.put(key(generation, incarnation, id), held);
        counters += read.size() - (replaced == null ? 0 : replaced.counters().size());
        Iterator<Held> oldest = byKey.values().iterator();
        while (counters > maxCounters && oldest.hasNext()) {
            counters -= oldest.next().counters().size();
            oldest.remove();
        }
        return held;
    }

    /** Lets go of every document of a generation (dropped), whichever its incarnation. */
    synchronized void forget(String generation) {
        String prefix = generation + '\0';
        Iterator<Map.Entry<String, Held>> entries = byKey.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, Held> entry = entries.next();
            if (entry.getKey().startsWith(prefix)) {
                counters -= entry.getValue().counters().size();
                entries.remove();
            }
        }
    }

    synchronized int counters() {
        return counters;
    }

    private static String key(String generation, String incarnation, String id) {
        return generation + '\0' + incarnation + '\0' + id;
    }

    /** The counters of a document's {@code c} as read: a mutable copy for {@link #put}. */
    static Map<String, Long> counters(Document c) {
        Map<String, Long> counters = new HashMap<>(c == null ? 4 : c.size() * 4 / 3 + 1);
        if (c != null) {
            c.forEach((counter, n) -> {
                long value = ((Number) n).longValue();
                if (value != 0) {
                    counters.put(counter, value);
                }
            });
        }
        return counters;
    }
}
