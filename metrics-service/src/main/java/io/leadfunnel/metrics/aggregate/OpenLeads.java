package io.leadfunnel.metrics.aggregate;

import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.domain.DailyCounts.Open;
import io.leadfunnel.metrics.domain.DailyCounts.Selection;
import io.leadfunnel.metrics.domain.Dimension;
import io.leadfunnel.metrics.domain.LeadFact;
import io.leadfunnel.metrics.domain.Nanos;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The leads open now (in LEAD, MQL, SAL or SQL) by stage and by the instant they entered it, for drop-off's stuck
 * leads and the SLA report's black hole. Two kinds of aggregate document:
 * <ul>
 *   <li>a calendar per grouping: {@code open|all} counts {@code stage|day}, the open leads in a stage since that UTC
 *       day; {@code open|owner} and the other dimensions' count {@code value|stage|day};</li>
 *   <li>the leads of each day and stage ({@code open|2026-09-07|1|5}: the stage's index in {@link #OPEN}, then the
 *       lead's shard of the list, {@link LeadLists}): {@code nanos|leadId|v1|...|v9}, one counter per lead open in the
 *       stage since that instant, named with its value of every dimension in {@link Dimension} order. A lead that
 *       moves on takes its counter down to zero, and the fold that does so removes it.</li>
 * </ul>
 * A query counts whole days from the calendars, reads the leads of the day its upper bound falls in to count that day
 * exactly, and, when it lists leads, the leads of the earliest days until each stage and value has enough.
 */
final class OpenLeads {

    static final List<Stage> OPEN = List.of(Stage.LEAD, Stage.MQL, Stage.SAL, Stage.SQL);
    private static final String ALL = "all";

    /** {@link #calendar} of each grouping, by {@link DayIds} index. */
    private static final String[] CALENDARS = IntStream.range(0, DayIds.GROUPINGS)
            .mapToObj(g -> calendar(DayIds.grouping(g))).toArray(String[]::new);

    private OpenLeads() {
    }

    static String calendar(String grouping) {
        return "open|" + grouping;
    }

    static String leads(LocalDate day, int stage) {
        return "open|" + day + "|" + stage;
    }

    /**
     * Adds a counting lead's counters: its stage, when open, in each grouping's calendar and its day's list;
     * {@code groupings} are the names after the lead's value of each grouping, by {@link DayIds} index, and
     * {@code values} its values of every dimension ({@link ValueNames#dimensionValues}).
     */
    static void contribute(LeadFact fact, ValueNames[] groupings, String values, Counters.Sink into) {
        int stage = OPEN.indexOf(fact.currentStage());
        Instant since = fact.currentStageSince().orElse(null);
        if (stage < 0 || since == null) {
            return;
        }
        LocalDate day = day(since);
        String stageSince = stage + "|" + day;
        for (int g = 0; g < groupings.length; g++) {
            into.add(CALENDARS[g], groupings[g].value + stageSince, 1);
        }
        into.add(DayIds.of(day).openLeads(stage, fact.leadId()),
                Nanos.of(since) + "|" + Counters.name(fact.leadId()) + values, 1);
    }

    /** One stage, over every lead ({@code value} null) or over one value of the dimension asked for. */
    private record Key(Stage stage, String value) {
    }

    /** The leads open in a stage since a day. */
    private record DayStage(LocalDate day, Stage stage) {

        /** The documents of the list ({@link LeadLists}). */
        List<String> ids() {
            return LeadLists.shards(leads(day, OPEN.indexOf(stage)));
        }
    }

    /** A lead open since {@code nanos}. */
    private record Since(long nanos, String leadId) {
    }

    private static final Comparator<Since> LONGEST_FIRST = Comparator.comparingLong(Since::nanos)
            .thenComparing(Since::leadId);

    /**
     * Of the leads open in each of {@code stages} since an instant in {@code [from, before)}: how many, and the
     * {@code listed} that have been open longest (earliest entry, then lead id), in lead-id order; overall and per
     * value of {@code groupBy} (values without such leads are left out).
     *
     * @param from midnight UTC, or null for no lower bound
     */
    static Map<Stage, Open> select(Function<Collection<String>, Counters> reader, Collection<Stage> stages,
                                   Instant from, Instant before, int listed, Dimension groupBy) {
        if (from != null && Math.floorMod(from.getEpochSecond(), 86_400) != 0) {
            throw new IllegalArgumentException("the lower bound must be midnight UTC: " + from);
        }
        long fromNanos = from == null ? Long.MIN_VALUE : Nanos.of(from);
        long beforeNanos = Nanos.of(before);
        LocalDate fromDay = from == null ? null : day(from);
        // days before the bound's day count whole; the bound's own day counts the leads before it, from its list
        LocalDate boundDay = day(before);
        boolean boundAtMidnight = before.equals(boundDay.atStartOfDay(ZoneOffset.UTC).toInstant());

        List<String> calendars = new ArrayList<>(List.of(calendar(ALL)));
        if (groupBy != null) {
            calendars.add(calendar(groupBy.param()));
        }
        Counters calendar = reader.apply(calendars);
        Map<Key, TreeMap<LocalDate, Long>> wholeDays = new HashMap<>();
        Map<Key, Long> onBoundDay = new HashMap<>();
        for (String id : calendars) {
            boolean byValue = !id.equals(calendar(ALL));
            calendar.of(id).forEach((name, n) -> {
                if (n <= 0) {
                    return;
                }
                String[] parts = name.split("\\|", -1);
                int at = byValue ? 1 : 0;
                Stage stage = OPEN.get(Integer.parseInt(parts[at]));
                LocalDate day = LocalDate.parse(parts[at + 1]);
                if (!stages.contains(stage) || (fromDay != null && day.isBefore(fromDay)) || day.isAfter(boundDay)) {
                    return;
                }
                Key key = new Key(stage, byValue ? Counters.unescape(parts[0]) : null);
                if (day.equals(boundDay)) {
                    if (!boundAtMidnight) {
                        onBoundDay.put(key, n);
                    }
                } else {
                    wholeDays.computeIfAbsent(key, k -> new TreeMap<>()).put(day, n);
                }
            });
        }

        // the lists read: the bound's day's, and the earliest days' that hold the listed leads of each key
        Set<DayStage> read = new LinkedHashSet<>();
        onBoundDay.keySet().forEach(key -> read.add(new DayStage(boundDay, key.stage())));
        if (listed > 0) {
            wholeDays.forEach((key, days) -> {
                long seen = 0;
                for (Map.Entry<LocalDate, Long> day : days.entrySet()) {
                    if (seen >= listed) {
                        break;
                    }
                    read.add(new DayStage(day.getKey(), key.stage()));
                    seen += day.getValue();
                }
            });
        }
        Map<Key, List<Since>> candidates = new HashMap<>();
        Map<Key, Long> countedOnBoundDay = new HashMap<>();
        if (!read.isEmpty()) {
            Counters lists = reader.apply(read.stream().flatMap(list -> list.ids().stream()).toList());
            for (DayStage list : read) {
                list.ids().forEach(id -> lists.of(id).forEach((name, n) -> {
                    if (n <= 0) {
                        return;
                    }
                    String[] parts = name.split("\\|", -1);
                    long nanos = Long.parseLong(parts[0]);
                    if (nanos < fromNanos || nanos >= beforeNanos) {
                        return;
                    }
                    Since lead = new Since(nanos, Counters.unescape(parts[1]));
                    List<Key> keys = new ArrayList<>(2);
                    keys.add(new Key(list.stage(), null));
                    if (groupBy != null) {
                        keys.add(new Key(list.stage(), Counters.unescape(parts[2 + groupBy.ordinal()])));
                    }
                    for (Key key : keys) {
                        candidates.computeIfAbsent(key, k -> new ArrayList<>()).add(lead);
                        if (list.day().equals(boundDay)) {
                            countedOnBoundDay.merge(key, 1L, Long::sum);
                        }
                    }
                }));
            }
        }

        Map<Stage, Open> selected = new EnumMap<>(Stage.class);
        for (Stage stage : stages) {
            selected.put(stage, new Open(selection(new Key(stage, null), wholeDays, countedOnBoundDay, candidates,
                    listed), new TreeMap<>()));
        }
        if (groupBy != null) {
            TreeSet<Key> keys = new TreeSet<>(Comparator.comparing((Key k) -> k.stage()).thenComparing(Key::value));
            wholeDays.keySet().stream().filter(k -> k.value() != null).forEach(keys::add);
            countedOnBoundDay.keySet().stream().filter(k -> k.value() != null).forEach(keys::add);
            for (Key key : keys) {
                Selection selection = selection(key, wholeDays, countedOnBoundDay, candidates, listed);
                if (selection.count() > 0) {
                    selected.get(key.stage()).byValue().put(key.value(), selection);
                }
            }
        }
        return selected;
    }

    private static Selection selection(Key key, Map<Key, TreeMap<LocalDate, Long>> wholeDays,
                                       Map<Key, Long> countedOnBoundDay, Map<Key, List<Since>> candidates,
                                       int listed) {
        long count = countedOnBoundDay.getOrDefault(key, 0L);
        for (long n : wholeDays.getOrDefault(key, new TreeMap<>()).values()) {
            count += n;
        }
        List<Since> leads = new ArrayList<>(candidates.getOrDefault(key, List.of()));
        leads.sort(LONGEST_FIRST);
        List<String> ids = new ArrayList<>(leads.subList(0, Math.min(listed, leads.size())).stream()
                .map(Since::leadId).toList());
        ids.sort(null);
        return new Selection(count, ids);
    }

    private static LocalDate day(Instant at) {
        return DailyConversion.day(Objects.requireNonNull(at));
    }
}
