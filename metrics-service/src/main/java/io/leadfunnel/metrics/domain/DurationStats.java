package io.leadfunnel.metrics.domain;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Count, median and 90th percentile of durations, in seconds. Percentiles are nearest-rank: the p-th percentile of n
 * sorted values is the value at rank ceil(p/100 × n), so the median of an even count is the lower middle value. Null
 * when there are no values.
 */
public record DurationStats(int count, Long medianSeconds, Long p90Seconds) {

    public static DurationStats of(List<Duration> durations) {
        List<Long> seconds = durations.stream().map(Duration::getSeconds).sorted().toList();
        if (seconds.isEmpty()) {
            return new DurationStats(0, null, null);
        }
        return new DurationStats(seconds.size(), rank(seconds, 50), rank(seconds, 90));
    }

    /** The stats of whole seconds; sorts the array. */
    public static DurationStats ofSeconds(long[] seconds) {
        if (seconds.length == 0) {
            return new DurationStats(0, null, null);
        }
        Arrays.sort(seconds);
        return new DurationStats(seconds.length, seconds[rankIndex(seconds.length, 50)],
                seconds[rankIndex(seconds.length, 90)]);
    }

    private static int rankIndex(int size, int percentile) {
        return Math.max(0, (int) Math.ceil(percentile / 100.0 * size) - 1);
    }

    private static long rank(List<Long> sorted, int percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
