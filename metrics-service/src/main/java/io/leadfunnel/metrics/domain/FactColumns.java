package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Stage;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counting leads' chain milestones as columns of primitive times, for reports that scan every lead: a scan of
 * arrays instead of one object walk per lead and question. Built once from a list of facts (metrics-service keeps
 * the columns of its current facts until they change); immutable afterwards, except for the group columns, which are
 * added on first use per dimension.
 *
 * <p>Times are nanoseconds since the epoch, which is exact for every instant between the years 1678 and 2261 (the
 * ones outside saturate, keeping their order against everything inside: lead-service accepts no event time before
 * 1900, and queries end by 2200); {@link #NONE} marks a milestone not reached.
 */
public final class FactColumns {

    /** A milestone not reached. */
    public static final long NONE = Long.MIN_VALUE;

    private static final List<Stage> CHAIN = LeadFact.CHAIN;

    /** Lead status for {@link LeadStatusCounts}: open, in progress, qualified, unqualified. */
    static final byte OPEN = 0;
    static final byte IN_PROGRESS = 1;
    static final byte QUALIFIED = 2;
    static final byte UNQUALIFIED = 3;

    private final List<LeadFact> leads;
    private final int size;
    /** First entry into each chain stage, by chain index. */
    private final long[][] first;
    /** When each chain stage was reached (its first entry or a later chain stage's), by chain index. */
    private final long[][] reached;
    /** Entries into each chain stage beyond the first, by chain index. */
    private final int[][] reentries;
    private final byte[] status;
    /** The earliest capture (LEAD reached) as the exact instant, null when there is none. */
    private final Instant earliestCapture;
    private final Map<Dimension, Groups> groups = new EnumMap<>(Dimension.class);

    /** A dimension's values in order and each lead's value index. */
    public record Groups(List<String> values, int[] of) {
    }

    private FactColumns(List<LeadFact> counting) {
        this.leads = counting;
        this.size = counting.size();
        this.first = new long[CHAIN.size()][size];
        this.reached = new long[CHAIN.size()][size];
        this.reentries = new int[CHAIN.size()][size];
        this.status = new byte[size];
        Instant earliest = null;
        for (int i = 0; i < size; i++) {
            LeadFact f = counting.get(i);
            Instant captured = f.reachedAtOrNull(Stage.LEAD);
            if (captured != null && (earliest == null || captured.isBefore(earliest))) {
                earliest = captured;
            }
            for (int c = 0; c < CHAIN.size(); c++) {
                Stage stage = CHAIN.get(c);
                first[c][i] = nanos(f.firstEntryOrNull(stage));
                reached[c][i] = nanos(f.reachedAtOrNull(stage));
                reentries[c][i] = f.reentries(stage);
            }
            status[i] = (byte) DayCounts.status(f);
        }
        this.earliestCapture = earliest;
    }

    /** The columns of the facts that count (merged-away leads left out). */
    public static FactColumns of(List<LeadFact> facts) {
        return new FactColumns(facts.stream().filter(LeadFact::counts).toList());
    }

    public int size() {
        return size;
    }

    /** The facts the columns were built from, in column order. */
    public List<LeadFact> leads() {
        return leads;
    }

    long first(int chainIndex, int lead) {
        return first[chainIndex][lead];
    }

    long reached(int chainIndex, int lead) {
        return reached[chainIndex][lead];
    }

    int reentries(int chainIndex, int lead) {
        return reentries[chainIndex][lead];
    }

    byte status(int lead) {
        return status[lead];
    }

    /** Each lead's value of {@code dimension}; computed on first use and kept. */
    public synchronized Groups groups(Dimension dimension) {
        Groups known = groups.get(dimension);
        if (known != null) {
            return known;
        }
        Map<String, Integer> index = new HashMap<>();
        int[] raw = new int[size];
        for (int i = 0; i < size; i++) {
            raw[i] = index.computeIfAbsent(dimension.valueOf(leads.get(i)), v -> index.size());
        }
        // number the values in their sorted order, as the reports list them
        TreeMap<String, Integer> sorted = new TreeMap<>(index);
        int[] rank = new int[index.size()];
        int r = 0;
        for (int unsorted : sorted.values()) {
            rank[unsorted] = r++;
        }
        int[] of = new int[size];
        for (int i = 0; i < size; i++) {
            of[i] = rank[raw[i]];
        }
        Groups made = new Groups(List.copyOf(sorted.keySet()), of);
        groups.put(dimension, made);
        return made;
    }

    /** The earliest capture (LEAD reached) of any lead, or {@code otherwise}. */
    public Instant earliestCapture(Instant otherwise) {
        return earliestCapture == null ? otherwise : earliestCapture;
    }

    /** Nanoseconds since the epoch, saturated outside the years 1678 to 2261; {@link #NONE} for null. */
    public static long nanos(Instant at) {
        if (at == null) {
            return NONE;
        }
        long seconds = at.getEpochSecond();
        if (seconds > Long.MAX_VALUE / 1_000_000_000L - 1) {
            return Long.MAX_VALUE;
        }
        if (seconds < Long.MIN_VALUE / 1_000_000_000L + 1) {
            return Long.MIN_VALUE + 1;
        }
        return seconds * 1_000_000_000L + at.getNano();
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** A period as nanosecond bounds: {@code [from, to)}, open bounds at the extremes. */
    record Range(long from, long to) {

        static Range of(Period period) {
            return new Range(period.from() == null ? Long.MIN_VALUE + 1 : nanos(period.from()),
                    period.to() == null ? Long.MAX_VALUE : nanos(period.to()));
        }

        boolean contains(long at) {
            // an open upper bound holds everything, even a time saturated to the top
            return at != NONE && at >= from && (at < to || to == Long.MAX_VALUE);
        }
    }
}
