package io.leadfunnel.metrics.domain;

import java.time.LocalDate;
import java.util.Map;
import java.util.SortedMap;

/** Where conversion reads its counts from: {@link DayCounts} per UTC day, overall and per value of a dimension. */
public interface DailyCounts {

    /**
     * The counts of the days in {@code period} (whole UTC days) that have any, overall and, when {@code groupBy} is
     * not null, per value of that dimension.
     */
    Days read(Period period, Dimension groupBy);

    /**
     * @param earliestCapture the earliest day a counting lead was captured on, whatever the period; null when none
     * @param overall         the counts of each day over every lead
     * @param byValue         the counts of each day per value of the dimension asked for; empty without one
     */
    record Days(LocalDate earliestCapture, SortedMap<LocalDate, DayCounts> overall,
                SortedMap<LocalDate, Map<String, DayCounts>> byValue) {
    }
}
