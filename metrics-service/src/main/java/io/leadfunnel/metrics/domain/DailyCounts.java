package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Stage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where every report reads its counts from: {@link DayCounts} per UTC day, overall and per dimension
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
        CLOSURES,
        /** Drop-off's and SLA's counts of that day: rejections, disqualifications, losses, hand-offs due, breaches,
         * speed to lead, times to accept. */
        OUTCOMES,
        /** The hand-offs due that day by due instant, for the day of {@code asOf}. */
        DUE_TIMES
    }

    /**
     * The counts of the days in {@code period} (whole UTC days) that have any, overall and per value of each of
     * {@code dimensions} (none for the overall counts alone), of the given parts only.
     */
    Days read(Period period, Collection<Dimension> dimensions, Set<Part> parts);

    /** The earliest day a counting lead was captured on, from the calendar alone; empty when none was. */
    Optional<LocalDate> earliestCapture();

    /** The leads at SQL now, overall and per value of each of {@code dimensions} (every value a counting lead has). */
    Current openSql(Collection<Dimension> dimensions);

    /**
     * Of the counting leads open now in each of {@code stages}, those that entered it at an instant in
     * {@code [from, before)}: how many, and the {@code listed} that have been in it longest, in lead-id order; overall
     * and per value of {@code groupBy} when given (only the values with such leads).
     *
     * @param from midnight UTC, or null for no lower bound
     */
    Map<Stage, Open> open(Collection<Stage> stages, Instant from, Instant before, int listed, Dimension groupBy);

    /**
     * The counts of {@code days} per value of {@code dimension} (which they were read with): every value a counting
     * lead has, in value order, with the days that have counts for it (none for a value without).
     */
    default SortedMap<String, List<DayCounts>> daysByValue(Days days, Dimension dimension) {
        SortedMap<String, List<DayCounts>> perValue = new TreeMap<>();
        openSql(List.of(dimension)).byDimension().get(dimension).keySet()
                .forEach(value -> perValue.put(value, new ArrayList<>()));
        days.byValue(dimension).values().forEach(values -> values.forEach((value, day) ->
                perValue.computeIfAbsent(value, v -> new ArrayList<>()).add(day)));
        return perValue;
    }

    /** @param leadIds at most the number asked for, in lead-id order */
    record Selection(long count, List<String> leadIds) {

        public static final Selection NONE = new Selection(0, List.of());
    }

    /** @param byValue per value of the dimension asked for, in value order; empty when none was */
    record Open(Selection all, Map<String, Selection> byValue) {

        public Selection of(String value) {
            return byValue.getOrDefault(value, Selection.NONE);
        }
    }

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
