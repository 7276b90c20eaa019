package io.leadfunnel.metrics.domain;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Where conversion and lift read their counts from: {@link DayCounts} per UTC day, overall and per dimension value. */
public interface DailyCounts {

    /**
     * The counts of the days in {@code period} (whole UTC days) that have any, overall and per value of each of
     * {@code dimensions} (none for the overall counts alone); the first entries and times to reach only
     * {@code withEntries}, the captures' counts always.
     */
    Days read(Period period, Collection<Dimension> dimensions, boolean withEntries);

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
