package io.leadfunnel.metrics.domain;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What conversion needs of one UTC day for one set of leads (all of them, or those with one value of a dimension),
 * counted over the leads that count (see {@link LeadFact#counts}):
 * <ul>
 *   <li>of the leads captured that day (LEAD reached): how many, how many reached each chain stage, their re-entries
 *       into each, and their status now;</li>
 *   <li>first entries into each chain stage that day, whichever day the lead was captured;</li>
 *   <li>for each of {@link ConversionReport#PAIRS}, of the leads whose first entry into the pair's first stage fell
 *       that day, the time they took to reach its second stage, in {@link TimeToReach} bins;</li>
 *   <li>of the leads captured that day, the time they spent in each chain stage before entering the next, and from
 *       lead to won, in {@link TimeInStage} bins (velocity);</li>
 *   <li>deals closed that day: won, lost, and the won revenue.</li>
 * </ul>
 * Counts add up: the counts of a period are the sum of its days'.
 */
public final class DayCounts {

    static final int CHAIN = LeadFact.CHAIN.size();
    /** Lead status, as {@link LeadStatusCounts}: open, in progress, qualified, unqualified. */
    static final int OPEN = 0;
    static final int IN_PROGRESS = 1;
    static final int QUALIFIED = 2;
    static final int UNQUALIFIED = 3;

    long captured;
    final long[] reached = new long[CHAIN];
    final long[] reentries = new long[CHAIN];
    /** By {@link #OPEN} .. {@link #UNQUALIFIED}. */
    final long[] status = new long[4];
    final long[] first = new long[CHAIN];
    /**
     * By pair, bin to count; a pair's bins made when first counted (a grouped report makes a day's counts for every
     * value of the dimension, thousands per query, most of them with few bins).
     */
    @SuppressWarnings("unchecked")
    private final TreeMap<Integer, Long>[] toReach = new TreeMap[ConversionReport.PAIRS.size()];
    /**
     * Step {@code c}: chain stage {@code c} to the next; the last step ({@code CHAIN - 1}): lead to won. Made when first
     * counted, as {@link #toReach}.
     */
    @SuppressWarnings("unchecked")
    private final TreeMap<Long, Long>[] velocity = new TreeMap[CHAIN];

    /** Of the leads captured that day now LOST, RECYCLED or DISQUALIFIED: by the furthest chain stage they reached. */
    final long[] exits = new long[CHAIN];
    /** Moves to RECYCLED that day, by the lead's source and the reason. */
    final Map<String, Map<String, Long>> rejections = new HashMap<>();
    final Map<String, Long> disqualifications = new HashMap<>();
    /** Deals lost that day (outcome LOST), by reason. */
    final Map<String, Long> losses = new HashMap<>();
    /** Hand-offs whose accept-due time fell that day, and those of them handled within it. */
    long due;
    long dueWithin;
    /** Of the hand-offs due that day, by due instant (nanoseconds): {@code [due, handled within]}. */
    final TreeMap<Long, long[]> dueAt = new TreeMap<>();
    /** SLA breaches that day, by owner and by SLA. */
    final Map<String, Long> breachesByOwner = new HashMap<>();
    final Map<String, Long> breachesBySla = new HashMap<>();
    /** Of the hand-offs made that day and accepted, the time to accept in {@link TimeInStage} bins. */
    final SortedMap<Long, Long> toAccept = new TreeMap<>();
    /** Of the hand-offs made that day, by speed-to-lead band. */
    final Map<String, Long> speedToLead = new HashMap<>();

    long won;
    long lost;
    /** Won revenue: whole units, and ten-thousandths (amounts have at most four decimals). */
    long wonUnits;
    long wonTenThousandths;

    public void exit(int furthestChainIndex, long n) {
        exits[furthestChainIndex] += n;
    }

    public void rejection(String source, String reason, long n) {
        rejections.computeIfAbsent(source, k -> new HashMap<>()).merge(reason, n, Long::sum);
    }

    public void disqualification(String reason, long n) {
        disqualifications.merge(reason, n, Long::sum);
    }

    public void loss(String reason, long n) {
        losses.merge(reason, n, Long::sum);
    }

    public void due(long n) {
        due += n;
    }

    public void dueWithin(long n) {
        dueWithin += n;
    }

    /** Counts a hand-off due at {@code nanos}: as due, or ({@code within}) as handled within it. */
    public void dueAt(long nanos, boolean within, long n) {
        dueAt.computeIfAbsent(nanos, k -> new long[2])[within ? 1 : 0] += n;
    }

    public void breachByOwner(String owner, long n) {
        breachesByOwner.merge(owner, n, Long::sum);
    }

    public void breachBySla(String sla, long n) {
        breachesBySla.merge(sla, n, Long::sum);
    }

    public void toAccept(long bin, long n) {
        toAccept.merge(bin, n, Long::sum);
    }

    public void speedToLead(String band, long n) {
        speedToLead.merge(band, n, Long::sum);
    }

    public void won(long n) {
        won += n;
    }

    public void lost(long n) {
        lost += n;
    }

    public void wonUnits(long n) {
        wonUnits += n;
    }

    public void wonTenThousandths(long n) {
        wonTenThousandths += n;
    }

    /** The won revenue of the deals closed this day. */
    BigDecimal wonRevenue() {
        return BigDecimal.valueOf(wonUnits).add(BigDecimal.valueOf(wonTenThousandths, 4));
    }

    public void captured(long n) {
        captured += n;
    }

    public void reached(int chainIndex, long n) {
        reached[chainIndex] += n;
    }

    public void reentries(int chainIndex, long n) {
        reentries[chainIndex] += n;
    }

    /** {@code status}: 0 open, 1 in progress, 2 qualified, 3 unqualified (as {@link LeadStatusCounts}). */
    public void status(int status, long n) {
        this.status[status] += n;
    }

    public void first(int chainIndex, long n) {
        first[chainIndex] += n;
    }

    public void toReach(int pair, int bin, long n) {
        if (toReach[pair] == null) {
            toReach[pair] = new TreeMap<>();
        }
        toReach[pair].merge(bin, n, Long::sum);
    }

    /** {@code step}: chain stage {@code step} to the next, or lead to won (the last); {@code bin}: a bin. */
    public void velocity(int step, long bin, long n) {
        if (velocity[step] == null) {
            velocity[step] = new TreeMap<>();
        }
        velocity[step].merge(bin, n, Long::sum);
    }

    /** The velocity bins of a step (see {@link #velocity(int, long, long)}), bin to count; read only. */
    SortedMap<Long, Long> velocity(int step) {
        return velocity[step] == null ? Collections.emptySortedMap() : velocity[step];
    }

    /** Of the leads that entered the pair's first stage this day, those that reached its second within the bin. */
    long within(int pair, int limit) {
        if (toReach[pair] == null) {
            return 0;
        }
        long sum = 0;
        for (long n : toReach[pair].headMap(limit, true).values()) {
            sum += n;
        }
        return sum;
    }

    /** Removes the entries that add up to nothing (counts taken back since), as if never counted. */
    static void dropEmpty(Map<String, Long> counts) {
        counts.values().removeIf(n -> n <= 0);
    }

    /** The status of a lead now, as counted here. */
    public static int status(LeadFact fact) {
        return switch (fact.currentStage()) {
            case LEAD, RECYCLED -> OPEN;
            case MQL, SAL -> IN_PROGRESS;
            case SQL, WON, LOST -> QUALIFIED;
            case DISQUALIFIED -> UNQUALIFIED;
        };
    }
}
