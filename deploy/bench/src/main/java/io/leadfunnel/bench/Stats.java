package io.leadfunnel.bench;

import org.HdrHistogram.Histogram;

/** Latency percentiles in milliseconds, from a histogram recorded in microseconds. */
public record Stats(long count, double p50, double p99, double p999, double max, double mean) {

    /** A histogram of microseconds up to one hour, three significant digits. */
    public static Histogram histogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    public static Stats of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Stats(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()),
                Math.round(micros.getMean()) / 1000d);
    }

    private static double ms(long micros) {
        return micros / 1000d;
    }

    /** Records a value in microseconds, clamped to the histogram's range. */
    public static void record(Histogram micros, long valueMicros) {
        micros.recordValue(Math.max(0, Math.min(valueMicros, micros.getHighestTrackableValue())));
    }
}
