package io.leadfunnel.metrics.domain;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where conversion, lift, revenue and velocity read their counts from: {@link DayCounts} per UTC day, overall and per dimension
 * value, and the leads at SQL now.
 */
public interface DailyCounts {

    /** What a report needs of each day's counts. */
    enum Part {
        /** Captured, reached, re-entries, status and time in each stage of the leads captured that day. */
        CAPTURES,
        /** First entries into each chain stage that day, and the times to reach of the cohort pairs. */
        ENTRIES,
        /** Deals closed that day: won, lost, won revenue. */
        CLOSURES
    }

    /**
     * The counts of the days in {@code period} (whole UTC days) that have any, overall and per value of each of
     * {@code dimensions} (none for the overall counts alone), of the given parts only.
     */
    Days read(Period period, Collection<Dimension> dimensions, Set<Part> parts);

    /** The leads at SQL now, overall and per value of each of {@code dimensions} (every value a counting lead has). */
    Current openSql(Collection<Dimension> dimensions);

    /**
     * @param overall     over every counting lead
     * @param byDimension for each dimension asked for, per value: every value a counting lead has, 0 without open SQL
     */
    record Current(long overall, Map<Dimension, Map<String, Long>> byDimension) {
    }

    /**
     * @param earliestCapture the earliest day a counting lead was captured on, whatever the period; null when none
     * @param overall         the counts of each day over every lead
     * @param byDimension     for each dimension asked for, the counts of each day per value
     */
    record Days(LocalDate earliestCapture, SortedMap<LocalDate, DayCounts> overall,
                Map<Dimension, SortedMap<LocalDate, Map<String, DayCounts>>> byDimension) {

        /** The counts of each day per value of {@code dimension}; empty when it was not asked for. */
        public SortedMap<LocalDate, Map<String, DayCounts>> byValue(Dimension dimension) {
            return dimension == null ? new TreeMap<>() : byDimension.getOrDefault(dimension, new TreeMap<>());
        }
    }
}
