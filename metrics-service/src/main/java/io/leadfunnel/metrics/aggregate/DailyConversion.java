package io.leadfunnel.metrics.aggregate;

import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.domain.ConversionReport;
import io.leadfunnel.metrics.domain.DailyCounts;
import io.leadfunnel.metrics.domain.DayCounts;
import io.leadfunnel.metrics.domain.Dimension;
import io.leadfunnel.metrics.domain.FactColumns;
import io.leadfunnel.metrics.domain.LeadFact;
import io.leadfunnel.metrics.domain.Period;
import io.leadfunnel.metrics.domain.TimeToReach;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Conversion's counters ({@link DayCounts}) in the aggregate documents, and the counts read back from them (conversion
 * and lift).
 *
 * <p>Two documents per UTC day and grouping ({@code all} over every lead, or a {@link Dimension}): the captures'
 * ({@code day|2026-09-07|all|cap}, {@code day|2026-09-07|source|cap}, ...) and the first entries' ({@code ...|first}),
 * so a report that needs only the captures (lift) reads a fraction. A lead adds, in the captures' document of its
 * capture day: {@code c} (captured), {@code r|i} (reached chain stage {@code i}), {@code e|i} (re-entries into it),
 * {@code s|k} (its status now); in the first entries' document of the day of its first entry into chain stage
 * {@code i}: {@code f|i}; in the first entries' document of the day of its first entry into the first stage of pair
 * {@code p}: {@code t|p|bin} (the {@link TimeToReach} bin of the time it took to reach the pair's second stage). In a dimension's document every counter name starts with the lead's
 * value of that dimension ({@code hubspot|c}). The calendar document {@code days} counts captures per day
 * ({@code c|2026-09-07}) and leads per day with any counter ({@code d|2026-09-07}), so a query reads the days that
 * have counts, by id.
 */
public final class DailyConversion implements DailyCounts {

    /** The calendar document. */
    public static final String CALENDAR = "days";
    private static final String ALL = "all";
    private static final int[][] PAIRS = ConversionReport.PAIRS.stream()
            .map(p -> new int[] {LeadFact.CHAIN.indexOf(p[0]), LeadFact.CHAIN.indexOf(p[1])})
            .toArray(int[][]::new);

    private final Function<Collection<String>, Counters> reader;

    /** Conversion's counts from the aggregate documents {@code reader} reads (ids to their counters). */
    public DailyConversion(Function<Collection<String>, Counters> reader) {
        this.reader = reader;
    }

    /** The captures' part of a day's counts for a grouping ({@code all} or a dimension's parameter name). */
    static String captures(LocalDate day, String grouping) {
        return "day|" + day + "|" + grouping + "|cap";
    }

    /** The first entries' part (first entries, times to reach) of a day's counts for a grouping. */
    static String entries(LocalDate day, String grouping) {
        return "day|" + day + "|" + grouping + "|first";
    }

    /** Adds a counting lead's conversion counters to {@code into}. */
    static void contribute(LeadFact fact, Counters into) {
        Instant capturedAt = fact.reachedAtOrNull(Stage.LEAD);
        LocalDate captureDay = day(capturedAt);
        long[] first = new long[LeadFact.CHAIN.size()];
        LocalDate[] firstDay = new LocalDate[first.length];
        for (int c = 0; c < first.length; c++) {
            Instant at = fact.firstEntryOrNull(LeadFact.CHAIN.get(c));
            first[c] = FactColumns.nanos(at);
            firstDay[c] = day(at);
        }
        List<String> prefixes = new ArrayList<>();
        List<String> groupings = new ArrayList<>();
        prefixes.add("");
        groupings.add(ALL);
        for (Dimension d : Dimension.values()) {
            prefixes.add(Counters.name(d.valueOf(fact)) + "|");
            groupings.add(d.param());
        }
        TreeSet<LocalDate> days = new TreeSet<>();
        for (int g = 0; g < groupings.size(); g++) {
            String grouping = groupings.get(g);
            String value = prefixes.get(g);
            if (captureDay != null) {
                String doc = captures(captureDay, grouping);
                into.add(doc, value + "c", 1);
                for (int c = 0; c < first.length; c++) {
                    if (fact.reached(LeadFact.CHAIN.get(c))) {
                        into.add(doc, value + "r|" + c, 1);
                    }
                    into.add(doc, value + "e|" + c, fact.reentries(LeadFact.CHAIN.get(c)));
                }
                into.add(doc, value + "s|" + DayCounts.status(fact), 1);
            }
            for (int c = 0; c < first.length; c++) {
                if (firstDay[c] != null) {
                    into.add(entries(firstDay[c], grouping), value + "f|" + c, 1);
                }
            }
            for (int p = 0; p < PAIRS.length; p++) {
                long enteredAt = first[PAIRS[p][0]];
                long reachedAt = FactColumns.nanos(fact.reachedAtOrNull(LeadFact.CHAIN.get(PAIRS[p][1])));
                if (enteredAt != FactColumns.NONE && reachedAt != FactColumns.NONE && reachedAt >= enteredAt) {
                    long took = reachedAt - enteredAt < 0 ? Long.MAX_VALUE : reachedAt - enteredAt;
                    into.add(entries(firstDay[PAIRS[p][0]], grouping),
                            value + "t|" + p + "|" + TimeToReach.bin(took), 1);
                }
            }
        }
        if (captureDay != null) {
            into.add(CALENDAR, "c|" + captureDay, 1);
            days.add(captureDay);
        }
        for (LocalDate day : firstDay) {
            if (day != null) {
                days.add(day);
            }
        }
        for (LocalDate day : days) {
            into.add(CALENDAR, "d|" + day, 1);
        }
    }

    @Override
    public Days read(Period period, Collection<Dimension> dimensions, boolean withEntries) {
        Map<String, Long> calendar = reader.apply(List.of(CALENDAR)).of(CALENDAR);
        LocalDate from = period.from() == null ? null : day(period.from());
        LocalDate to = period.to() == null ? null : day(period.to());
        LocalDate earliest = null;
        List<LocalDate> days = new ArrayList<>();
        for (Map.Entry<String, Long> counter : calendar.entrySet()) {
            if (counter.getValue() <= 0) {
                continue;
            }
            LocalDate day = LocalDate.parse(counter.getKey().substring(2));
            if (counter.getKey().startsWith("c|")) {
                earliest = earliest == null || day.isBefore(earliest) ? day : earliest;
            } else if ((from == null || !day.isBefore(from)) && (to == null || day.isBefore(to))) {
                days.add(day);
            }
        }
        List<String> ids = new ArrayList<>();
        List<String> groupings = new ArrayList<>(List.of(ALL));
        dimensions.forEach(d -> groupings.add(d.param()));
        for (LocalDate day : days) {
            for (String grouping : groupings) {
                ids.add(captures(day, grouping));
                if (withEntries) {
                    ids.add(entries(day, grouping));
                }
            }
        }
        Counters counters = ids.isEmpty() ? Counters.empty() : reader.apply(ids);
        SortedMap<LocalDate, DayCounts> overall = new TreeMap<>();
        Map<Dimension, SortedMap<LocalDate, Map<String, DayCounts>>> byDimension = new EnumMap<>(Dimension.class);
        for (LocalDate day : days) {
            DayCounts all = new DayCounts();
            BiConsumer<String, Long> toAll = (name, n) -> count(all, name.split("\\|"), 0, n);
            counters.of(captures(day, ALL)).forEach(toAll);
            counters.of(entries(day, ALL)).forEach(toAll);
            overall.put(day, all);
            for (Dimension d : dimensions) {
                Map<String, DayCounts> values = new HashMap<>();
                BiConsumer<String, Long> toValue = (name, n) -> {
                    String[] parts = name.split("\\|");
                    count(values.computeIfAbsent(Counters.unescape(parts[0]), v -> new DayCounts()), parts, 1, n);
                };
                counters.of(captures(day, d.param())).forEach(toValue);
                counters.of(entries(day, d.param())).forEach(toValue);
                byDimension.computeIfAbsent(d, k -> new TreeMap<>()).put(day, values);
            }
        }
        return new Days(earliest, overall, byDimension);
    }

    /** Adds one counter, whose name's parts from {@code at} on are the counter itself, to the day's counts. */
    private static void count(DayCounts day, String[] name, int at, long n) {
        switch (name[at]) {
            case "c" -> day.captured(n);
            case "r" -> day.reached(Integer.parseInt(name[at + 1]), n);
            case "e" -> day.reentries(Integer.parseInt(name[at + 1]), n);
            case "s" -> day.status(Integer.parseInt(name[at + 1]), n);
            case "f" -> day.first(Integer.parseInt(name[at + 1]), n);
            case "t" -> day.toReach(Integer.parseInt(name[at + 1]), Integer.parseInt(name[at + 2]), n);
            default -> throw new IllegalStateException("not a conversion counter: " + String.join("|", name));
        }
    }

    private static LocalDate day(Instant at) {
        return at == null ? null : at.atZone(ZoneOffset.UTC).toLocalDate();
    }
}
