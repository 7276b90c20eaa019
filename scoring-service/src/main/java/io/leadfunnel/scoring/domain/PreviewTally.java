package io.leadfunnel.scoring.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares each lead's score under the active model ("before") with its score under a draft ("after") and sums up
 * the difference: grade changes, crossings of the MQL threshold (a lead is above it when its total is at least the
 * threshold), and the distribution of totals before and after. Memory is bounded: a histogram of 101 totals per side
 * and at most {@code sampleSize} lead ids per crossing direction.
 */
public final class PreviewTally {

    private final int threshold;
    private final int sampleSize;
    private final long[] before = new long[101];
    private final long[] after = new long[101];
    private final Map<String, Long> gradesBefore = new TreeMap<>();
    private final Map<String, Long> gradesAfter = new TreeMap<>();
    private final Map<String, Long> gradeMoves = new TreeMap<>();
    private final List<String> fellBelow = new ArrayList<>();
    private final List<String> roseAbove = new ArrayList<>();
    private long leads;
    private long gradeChanges;
    private long crossedDown;
    private long crossedUp;

    public PreviewTally(int threshold, int sampleSize) {
        this.threshold = threshold;
        this.sampleSize = sampleSize;
    }

    public void add(String leadId, Score active, Score draft) {
        leads++;
        before[active.total()]++;
        after[draft.total()]++;
        gradesBefore.merge(active.grade(), 1L, Long::sum);
        gradesAfter.merge(draft.grade(), 1L, Long::sum);
        if (!active.grade().equals(draft.grade())) {
            gradeChanges++;
            gradeMoves.merge(active.grade() + "->" + draft.grade(), 1L, Long::sum);
        }
        boolean wasAbove = active.total() >= threshold;
        boolean isAbove = draft.total() >= threshold;
        if (wasAbove && !isAbove) {
            crossedDown++;
            if (fellBelow.size() < sampleSize) {
                fellBelow.add(leadId);
            }
        } else if (!wasAbove && isAbove) {
            crossedUp++;
            if (roseAbove.size() < sampleSize) {
                roseAbove.add(leadId);
            }
        }
    }

    public Report report() {
        return new Report(leads, threshold, gradeChanges, Map.copyOf(gradeMoves), crossedUp, crossedDown,
                List.copyOf(roseAbove), List.copyOf(fellBelow), distribution(before, gradesBefore),
                distribution(after, gradesAfter));
    }

    private Distribution distribution(long[] totals, Map<String, Long> grades) {
        Map<String, Long> buckets = new LinkedHashMap<>();
        long sum = 0;
        for (int from = 0; from <= 90; from += 10) {
            int to = from == 90 ? 100 : from + 9;
            long count = 0;
            for (int t = from; t <= to; t++) {
                count += totals[t];
                sum += (long) t * totals[t];
            }
            buckets.put(from + "-" + to, count);
        }
        Double mean = leads == 0 ? null : Math.round(sum * 100d / leads) / 100d;
        return new Distribution(buckets, mean, leads == 0 ? null : median(totals),
                totalsAtLeast(totals, threshold), Map.copyOf(grades));
    }

    /** The lower median of the totals. */
    private Integer median(long[] totals) {
        long rank = (leads + 1) / 2;
        long seen = 0;
        for (int t = 0; t <= 100; t++) {
            seen += totals[t];
            if (seen >= rank) {
                return t;
            }
        }
        return 100;
    }

    private static long totalsAtLeast(long[] totals, int threshold) {
        long count = 0;
        for (int t = Math.max(0, threshold); t <= 100; t++) {
            count += totals[t];
        }
        return count;
    }

    /**
     * The difference a draft would make.
     *
     * @param gradeMoves    count per {@code from->to} grade change
     * @param crossedUp     leads below the threshold under the active model and at or above it under the draft
     * @param crossedDown   leads at or above the threshold under the active model and below it under the draft
     * @param roseAbove     some of the leads that cross up (at most the sample size)
     * @param fellBelow     some of the leads that cross down (at most the sample size)
     */
    public record Report(long leads, int mqlThreshold, long gradeChanges, Map<String, Long> gradeMoves,
                         long crossedUp, long crossedDown, List<String> roseAbove, List<String> fellBelow,
                         Distribution before, Distribution after) {
    }

    /**
     * Totals of all leads under one model.
     *
     * @param totals          leads per total-score bucket of ten ({@code 90-100} includes 100)
     * @param mean            mean total, 2 decimals
     * @param median          lower median total
     * @param atOrAboveThreshold leads whose total reaches the MQL threshold
     * @param grades          leads per grade
     */
    public record Distribution(Map<String, Long> totals, Double mean, Integer median, long atOrAboveThreshold,
                               Map<String, Long> grades) {
    }
}
