package io.leadfunnel.metrics.domain;

import org.HdrHistogram.ShortCountsHistogram;

import java.util.Map;
import java.util.SortedMap;

/**
 * The bins velocity counts durations in: those of an HdrHistogram with five significant digits, over whole seconds. A
 * duration is counted as its bin's lowest value, so every duration below 262,144 s (about three days) is its own bin,
 * and a longer one is rounded down by less than 8 parts per million (at most 4 s at ten days). Bins add up, so the
 * counts of many days and groups merge by addition; percentiles are taken nearest-rank over the merged bins.
 */
public final class TimeInStage {

    /** Only the bin layout is used (no counts are recorded), so the smallest counts type will do. */
    private static final ShortCountsHistogram LAYOUT = new ShortCountsHistogram(5);

    private TimeInStage() {
    }

    /** The bin of a duration in whole seconds: its lowest value. A negative duration is its own bin. */
    public static long bin(long seconds) {
        return seconds < 0 ? seconds : LAYOUT.lowestEquivalentValue(seconds);
    }

    /**
     * Count, nearest-rank median and 90th percentile of the durations counted in {@code bins} (bin to count), as the
     * bins' values, as {@link DurationStats#ofSeconds} gives them of the durations themselves.
     */
    public static DurationStats stats(SortedMap<Long, Long> bins) {
        long count = 0;
        for (long n : bins.values()) {
            count += n;
        }
        if (count == 0) {
            return new DurationStats(0, null, null);
        }
        return new DurationStats(Math.toIntExact(count), rank(bins, count, 50), rank(bins, count, 90));
    }

    private static long rank(SortedMap<Long, Long> bins, long count, int percentile) {
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * count));
        long seen = 0;
        for (Map.Entry<Long, Long> bin : bins.entrySet()) {
            seen += bin.getValue();
            if (seen >= rank) {
                return bin.getKey();
            }
        }
        throw new IllegalStateException("rank " + rank + " beyond " + count + " durations");
    }
}
