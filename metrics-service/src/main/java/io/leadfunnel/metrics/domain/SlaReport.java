package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.Stage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Hand-off service levels. A hand-off is <em>handled within SLA</em> when sales' first action after it (accept to SAL,
 * reject to RECYCLED, disqualify, or any later stage) came no later than its accept-due time. Compliance counts the
 * hand-offs whose due time fell in the period and has passed by {@code asOf}. Speed to lead: minutes from hand-off to
 * that first action, for hand-offs made in the period; bands include their upper bound. Black hole: leads still at MQL
 * with no action, whose MQL entry fell in the period and is older than {@code blackHoleAfter}: their number, and the
 * ids of the {@link #LISTED_IDS} waiting longest (earliest MQL entry, then lead id), in lead-id order.
 */
public record SlaReport(
        Period period,
        Instant asOf,
        Ratio compliance,
        Map<String, Long> breachesByOwner,
        Map<String, Long> breachesBySla,
        DurationStats timeToAccept,
        Map<String, Long> speedToLead,
        Duration blackHoleAfter,
        long blackHole,
        List<String> blackHoleLeadIds) {

    public static final List<String> BANDS = List.of("0-5m", "5-15m", "15-60m", "over-60m", "never");

    /** Most black-hole lead ids listed (those waiting longest); {@code blackHole} is always the whole number. */
    public static final int LISTED_IDS = 100;

    /**
     * Service levels over every lead and, when {@code groupBy} is given, over the leads of each value of it (every
     * value a counting lead has), from the daily counts and the open leads.
     */
    public static Grouped<SlaReport> compute(DailyCounts counts, Period period, Instant asOf, Duration blackHoleAfter,
                                             Dimension groupBy) {
        List<Dimension> dimensions = groupBy == null ? List.of() : List.of(groupBy);
        DailyCounts.Days days = counts.read(period, dimensions, EnumSet.of(DailyCounts.Part.OUTCOMES));
        // hand-offs due on the day of asOf count up to asOf: that day's due instants are read, the days after it not
        LocalDate asOfDay = asOf.atZone(ZoneOffset.UTC).toLocalDate();
        Instant asOfDayStart = asOfDay.atStartOfDay(ZoneOffset.UTC).toInstant();
        DailyCounts.Days dueToday = period.contains(asOfDayStart)
                ? counts.read(new Period(asOfDayStart, asOfDayStart.plus(Duration.ofDays(1))), dimensions,
                        EnumSet.of(DailyCounts.Part.DUE_TIMES))
                : null;
        Instant before = asOf.minus(blackHoleAfter);
        if (period.to() != null && period.to().isBefore(before)) {
            before = period.to();
        }
        Map<Stage, DailyCounts.Open> blackHole = counts.open(List.of(Stage.MQL), period.from(), before, LISTED_IDS,
                groupBy);
        Clock clock = new Clock(asOf, asOfDay);
        SlaReport all = of(days.overall(), dueToday == null ? null : dueToday.overall().get(asOfDay), period, clock,
                blackHoleAfter, blackHole.get(Stage.MQL).all());
        if (groupBy == null) {
            return new Grouped<>(all, null, List.of());
        }
        SortedMap<String, SortedMap<LocalDate, DayCounts>> byValue = new TreeMap<>();
        counts.daysByValue(days, groupBy).keySet().forEach(value -> byValue.put(value, new TreeMap<>()));
        days.byValue(groupBy).forEach((day, values) -> values.forEach((value, counted) ->
                byValue.get(value).put(day, counted)));
        List<Grouped.Group<SlaReport>> groups = new ArrayList<>();
        byValue.forEach((value, valueDays) -> {
            DayCounts today = dueToday == null ? null
                    : dueToday.byValue(groupBy).getOrDefault(asOfDay, Map.of()).get(value);
            groups.add(new Grouped.Group<>(value, of(valueDays, today, period, clock, blackHoleAfter,
                    blackHole.get(Stage.MQL).of(value))));
        });
        return new Grouped<>(all, groupBy, groups);
    }

    private record Clock(Instant asOf, LocalDate day) {
    }

    /** {@code dueToday}: the due instants of the day of {@code asOf}, when that day is in the period. */
    private static SlaReport of(SortedMap<LocalDate, DayCounts> days, DayCounts dueToday, Period period, Clock clock,
                                Duration blackHoleAfter, DailyCounts.Selection blackHole) {
        long due = 0;
        long within = 0;
        Map<String, Long> byOwner = new TreeMap<>();
        Map<String, Long> bySla = new TreeMap<>();
        SortedMap<Long, Long> toAccept = new TreeMap<>();
        Map<String, Long> bands = new LinkedHashMap<>();
        BANDS.forEach(b -> bands.put(b, 0L));
        for (Map.Entry<LocalDate, DayCounts> entry : days.entrySet()) {
            DayCounts day = entry.getValue();
            if (entry.getKey().isBefore(clock.day())) {
                due += day.due;
                within += day.dueWithin;
            }
            day.breachesByOwner.forEach((owner, n) -> byOwner.merge(owner, n, Long::sum));
            day.breachesBySla.forEach((sla, n) -> bySla.merge(sla, n, Long::sum));
            day.toAccept.forEach((bin, n) -> toAccept.merge(bin, n, Long::sum));
            day.speedToLead.forEach((band, n) -> bands.merge(band, n, Long::sum));
        }
        if (dueToday != null) {
            long asOf = Nanos.of(clock.asOf());
            for (long[] counted : dueToday.dueAt.headMap(asOf, true).values()) {
                due += counted[0];
                within += counted[1];
            }
        }
        DayCounts.dropEmpty(byOwner);
        DayCounts.dropEmpty(bySla);
        toAccept.values().removeIf(n -> n <= 0);
        return new SlaReport(period, clock.asOf(), Ratio.of(within, due), byOwner, bySla, TimeInStage.stats(toAccept),
                bands, blackHoleAfter, blackHole.count(), blackHole.leadIds());
    }

    /** The speed-to-lead band of a hand-off whose first action after it was {@code action} (null: none yet). */
    public static String band(Handoff h, StageEntry action) {
        if (action == null) {
            return "never";
        }
        long seconds = Duration.between(h.at(), action.at()).getSeconds();
        return seconds <= 300 ? "0-5m" : seconds <= 900 ? "5-15m" : seconds <= 3600 ? "15-60m" : "over-60m";
    }
}
