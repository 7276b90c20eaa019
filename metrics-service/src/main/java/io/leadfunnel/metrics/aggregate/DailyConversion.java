package io.leadfunnel.metrics.aggregate;

import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.domain.Closure;
import io.leadfunnel.metrics.domain.ConversionReport;
import io.leadfunnel.metrics.domain.DailyCounts;
import io.leadfunnel.metrics.domain.DayCounts;
import io.leadfunnel.metrics.domain.Dimension;
import io.leadfunnel.metrics.domain.LeadFact;
import io.leadfunnel.metrics.domain.Nanos;
import io.leadfunnel.metrics.domain.Period;
import io.leadfunnel.metrics.domain.TimeInStage;
import io.leadfunnel.metrics.domain.TimeToReach;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The daily counters ({@link DayCounts}) in the aggregate documents, and the counts read back from them for every
 * report; drop-off's and SLA's own counters are {@link DailyOutcomes}', the open leads {@link OpenLeads}'.
 *
 * <p>Per UTC day and grouping ({@code all} over every lead, or a {@link Dimension}): the captures' document
 * ({@code day|2026-09-07|all|cap}, {@code day|2026-09-07|source|cap}, ...), the first entries' ({@code ...|first}), the
 * closures' ({@code ...|closed}) and the outcomes' ({@code ...|out}), so a report reads only the parts it needs. A
 * lead adds, in the captures' document of its capture day: {@code c} (captured), {@code r|i} (reached chain stage
 * {@code i}), {@code e|i} (re-entries into it), {@code s|k} (its status now), and {@code v|i|bin} for the seconds it
 * spent in chain stage {@code i} before first entering the next ({@code v|4|bin}: lead to won), in
 * {@link TimeInStage} bins; in the first entries' document of the day of its first entry into chain stage {@code i}:
 * {@code f|i}; in the first entries' document of the day of its first entry into the first stage of pair {@code p}:
 * {@code t|p|bin} (the {@link TimeToReach} bin of the time it took to reach the pair's second stage); in the closures'
 * document of the day its deal closed: {@code w} (won) with {@code a} and {@code af} (the amount's whole units and
 * ten-thousandths), or {@code l} (lost). Leads and open SQLs are counted now, not per day: {@code n} and {@code sql}
 * in {@code now|all}, {@code now|segment}, ... In a dimension's document every counter name starts with the lead's
 * value of that dimension ({@code hubspot|c}). The calendar document {@code days} counts captures per day
 * ({@code c|2026-09-07}) and leads per day with any counter ({@code d|2026-09-07}), so a query reads the days that
 * have counts, by id.
 */
public final class DailyConversion implements DailyCounts {

    /** The calendar document. */
    public static final String CALENDAR = "days";
    private static final String ALL = "all";
    /** {@link #now} of each grouping, by {@link DayIds} index. */
    private static final String[] NOW = IntStream.range(0, DayIds.GROUPINGS)
            .mapToObj(g -> now(DayIds.grouping(g))).toArray(String[]::new);
    private static final int[][] PAIRS = ConversionReport.PAIRS.stream()
            .map(p -> new int[] {LeadFact.CHAIN.indexOf(p[0]), LeadFact.CHAIN.indexOf(p[1])})
            .toArray(int[][]::new);

    private final Function<Collection<String>, Counters> reader;
    /** The calendar, read once: an instance is one query's view (not shared between threads). */
    private Map<String, Long> calendar;

    /**
     * Conversion's counts from the aggregate documents {@code reader} reads (ids to their counters). One instance per
     * query: its calendar is read once, however many reports and bounds the query computes from it.
     */
    public DailyConversion(Function<Collection<String>, Counters> reader) {
        this.reader = reader;
    }

    private Map<String, Long> calendar() {
        if (calendar == null) {
            calendar = reader.apply(List.of(CALENDAR)).of(CALENDAR);
        }
        return calendar;
    }

    /** The captures' part of a day's counts for a grouping ({@code all} or a dimension's parameter name). */
    static String captures(LocalDate day, String grouping) {
        return "day|" + day + "|" + grouping + "|cap";
    }

    /** The first entries' part (first entries, times to reach) of a day's counts for a grouping. */
    static String entries(LocalDate day, String grouping) {
        return "day|" + day + "|" + grouping + "|first";
    }

    /** The closures' part (won, lost, won revenue) of a day's counts for a grouping. */
    static String closures(LocalDate day, String grouping) {
        return "day|" + day + "|" + grouping + "|closed";
    }

    /** The current stage counts of a grouping (leads at SQL now). */
    static String now(String grouping) {
        return "now|" + grouping;
    }

    private static final long SECONDS_PER_DAY = 86_400;
    /** Names of daily counters held split at most ({@link #pieces}). */
    private static final int HELD_NAMES = 65_536;
    private static final Map<String, String[]> PIECES = new ConcurrentHashMap<>();
    private static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);

    /**
     * Adds a counting lead's daily counters to {@code into}. The documents' ids and the names that depend only on the
     * lead's value of a grouping are shared ones ({@link DayIds}, {@link ValueNames}): a lead adds about a hundred and
     * thirty counters, each looked up by document and name.
     */
    static void contribute(LeadFact fact, Counters.Sink into) {
        Instant capturedAt = fact.reachedAtOrNull(Stage.LEAD);
        LocalDate captureDay = day(capturedAt);
        DayIds captureIds = captureDay == null ? null : DayIds.of(captureDay);
        long[] first = new long[LeadFact.CHAIN.size()];
        LocalDate[] firstDay = new LocalDate[first.length];
        DayIds[] firstIds = new DayIds[first.length];
        boolean[] reached = new boolean[first.length];
        int[] reentries = new int[first.length];
        for (int c = 0; c < first.length; c++) {
            Stage stage = LeadFact.CHAIN.get(c);
            Instant at = fact.firstEntryOrNull(stage);
            first[c] = Nanos.of(at);
            firstDay[c] = day(at);
            firstIds[c] = firstDay[c] == null ? null : DayIds.of(firstDay[c]);
            reached[c] = fact.reached(stage);
            reentries[c] = fact.reentries(stage);
        }
        List<String> velocity = velocity(first);
        List<String> toReach = new ArrayList<>(PAIRS.length);
        List<DayIds> toReachIds = new ArrayList<>(PAIRS.length);
        for (int p = 0; p < PAIRS.length; p++) {
            long enteredAt = first[PAIRS[p][0]];
            long reachedAt = Nanos.of(fact.reachedAtOrNull(LeadFact.CHAIN.get(PAIRS[p][1])));
            if (enteredAt != Nanos.NONE && reachedAt != Nanos.NONE && reachedAt >= enteredAt) {
                long took = reachedAt - enteredAt < 0 ? Long.MAX_VALUE : reachedAt - enteredAt;
                toReach.add("t|" + p + "|" + TimeToReach.bin(took));
                toReachIds.add(firstIds[PAIRS[p][0]]);
            }
        }
        int status = DayCounts.status(fact);
        Closure closure = fact.closure();
        // a closure that is not WON counts as lost, as the revenue figures have always counted it
        LocalDate closureDay = closure == null ? null : day(closure.at());
        DayIds closureIds = closureDay == null ? null : DayIds.of(closureDay);
        long[] amount = closureDay == null || closure.outcome() != Stage.WON ? null : amount(closure.amount());
        boolean openSql = fact.currentStage() == Stage.SQL;
        ValueNames[] groupings = new ValueNames[DayIds.GROUPINGS];
        groupings[0] = ValueNames.ALL;
        for (Dimension d : Dimension.values()) {
            groupings[d.ordinal() + 1] = ValueNames.of(d.valueOf(fact));
        }
        for (int g = 0; g < groupings.length; g++) {
            ValueNames names = groupings[g];
            DailyOutcomes.contribute(fact, captureIds, names, g, into);
            if (captureIds != null) {
                String doc = captureIds.captures(g);
                into.add(doc, names.captured, 1);
                for (int c = 0; c < first.length; c++) {
                    if (reached[c]) {
                        into.add(doc, names.reached(c), 1);
                    }
                    if (reentries[c] != 0) {
                        into.add(doc, names.reentries(c), reentries[c]);
                    }
                }
                into.add(doc, names.status(status), 1);
                for (String counter : velocity) {
                    into.add(doc, names.value + counter, 1);
                }
            }
            for (int c = 0; c < first.length; c++) {
                if (firstIds[c] != null) {
                    into.add(firstIds[c].entries(g), names.firstEntry(c), 1);
                }
            }
            for (int t = 0; t < toReach.size(); t++) {
                into.add(toReachIds.get(t).entries(g), names.value + toReach.get(t), 1);
            }
            if (closureIds != null) {
                String doc = closureIds.closures(g);
                if (amount == null) {
                    into.add(doc, names.lost, 1);
                } else {
                    into.add(doc, names.won, 1);
                    into.add(doc, names.wonAmount, amount[0]);
                    into.add(doc, names.wonAmountFraction, amount[1]);
                }
            }
            into.add(NOW[g], names.leads, 1);
            if (openSql) {
                into.add(NOW[g], names.openSql, 1);
            }
        }
        String values = ValueNames.dimensionValues(groupings);
        OpenLeads.contribute(fact, groupings, values, into);
        DailyOutcomes.contributeDueTimes(fact, values, into);
        TreeSet<LocalDate> days = new TreeSet<>(DailyOutcomes.days(fact));
        if (captureDay != null) {
            into.add(CALENDAR, "c|" + captureDay, 1);
            days.add(captureDay);
        }
        if (closureDay != null) {
            days.add(closureDay);
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

    /**
     * Velocity's counters of a lead whose first entries into the chain stages are {@code first}: the seconds from each
     * stage to the next of those who made the step (a next stage first entered before is no step), and lead to won.
     */
    private static List<String> velocity(long[] first) {
        List<String> counters = new ArrayList<>(first.length);
        for (int c = 0; c + 1 < first.length; c++) {
            if (first[c] != Nanos.NONE && first[c + 1] != Nanos.NONE && first[c + 1] >= first[c]) {
                counters.add("v|" + c + "|" + TimeInStage.bin(Nanos.secondsBetween(first[c], first[c + 1])));
            }
        }
        int won = first.length - 1;
        if (first[0] != Nanos.NONE && first[won] != Nanos.NONE) {
            counters.add("v|" + won + "|" + TimeInStage.bin(Nanos.secondsBetween(first[0], first[won])));
        }
        return counters;
    }

    @Override
    public Optional<LocalDate> earliestCapture() {
        LocalDate earliest = null;
        for (Map.Entry<String, Long> counter : calendar().entrySet()) {
            if (counter.getValue() > 0 && counter.getKey().startsWith("c|")) {
                LocalDate day = LocalDate.parse(counter.getKey().substring(2));
                earliest = earliest == null || day.isBefore(earliest) ? day : earliest;
            }
        }
        return Optional.ofNullable(earliest);
    }

    @Override
    public Days read(Period period, Collection<Dimension> dimensions, Set<Part> parts) {
        Map<String, Long> calendar = calendar();
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
                ids.addAll(documents(day, grouping, parts));
            }
            if (parts.contains(Part.DUE_TIMES)) {
                ids.addAll(LeadLists.shards(DailyOutcomes.dueTimes(day)));
            }
        }
        Counters counters = ids.isEmpty() ? Counters.empty() : reader.apply(ids);
        SortedMap<LocalDate, DayCounts> overall = new TreeMap<>();
        Map<Dimension, SortedMap<LocalDate, Map<String, DayCounts>>> byDimension = new EnumMap<>(Dimension.class);
        for (LocalDate day : days) {
            DayCounts all = new DayCounts();
            BiConsumer<String, Long> toAll = (name, n) -> count(all, pieces(name), 0, n);
            documents(day, ALL, parts).forEach(id -> counters.of(id).forEach(toAll));
            overall.put(day, all);
            for (Dimension d : dimensions) {
                Map<String, DayCounts> values = new HashMap<>();
                BiConsumer<String, Long> toValue = (name, n) -> {
                    String[] pieces = pieces(name);
                    count(values.computeIfAbsent(Counters.unescape(pieces[0]), v -> new DayCounts()), pieces, 1, n);
                };
                documents(day, d.param(), parts).forEach(id -> counters.of(id).forEach(toValue));
                byDimension.computeIfAbsent(d, k -> new TreeMap<>()).put(day, values);
            }
            if (parts.contains(Part.DUE_TIMES)) {
                // one document for every grouping: each due instant named with the lead's value of every dimension
                LeadLists.shards(DailyOutcomes.dueTimes(day)).forEach(id -> counters.of(id).forEach((name, n) -> {
                    String[] pieces = name.split("\\|", -1);
                    DailyOutcomes.countDue(all, pieces, n);
                    for (Dimension d : dimensions) {
                        String value = Counters.unescape(pieces[DailyOutcomes.DUE_VALUES + d.ordinal()]);
                        DailyOutcomes.countDue(byDimension.get(d).get(day).computeIfAbsent(value,
                                v -> new DayCounts()), pieces, n);
                    }
                }));
            }
        }
        return new Days(earliest, overall, byDimension);
    }

    /**
     * A daily counter's name split at its bars. The same names recur in every day's documents (a few dozen per value of
     * a dimension), so their parts are kept, for at most {@link #HELD_NAMES} names, instead of being split again for
     * each document of each query; the arrays are shared and only read.
     */
    private static String[] pieces(String name) {
        String[] pieces = PIECES.get(name);
        if (pieces == null) {
            pieces = name.split("\\|", -1);
            if (PIECES.size() < HELD_NAMES) {
                PIECES.put(name, pieces);
            }
        }
        return pieces;
    }

    private static List<String> documents(LocalDate day, String grouping, Set<Part> parts) {
        List<String> ids = new ArrayList<>(parts.size());
        if (parts.contains(Part.CAPTURES)) {
            ids.add(captures(day, grouping));
        }
        if (parts.contains(Part.ENTRIES)) {
            ids.add(entries(day, grouping));
        }
        if (parts.contains(Part.CLOSURES)) {
            ids.add(closures(day, grouping));
        }
        if (parts.contains(Part.OUTCOMES)) {
            ids.add(DailyOutcomes.outcomes(day, grouping));
        }
        return ids;
    }

    @Override
    public Current openSql(Collection<Dimension> dimensions) {
        List<String> ids = new ArrayList<>(List.of(now(ALL)));
        dimensions.forEach(d -> ids.add(now(d.param())));
        Counters counters = reader.apply(ids);
        Map<Dimension, Map<String, Long>> byDimension = new EnumMap<>(Dimension.class);
        for (Dimension d : dimensions) {
            Map<String, Long> values = new HashMap<>();
            counters.of(now(d.param())).forEach((name, n) -> {
                int bar = name.lastIndexOf('|');
                String value = Counters.unescape(name.substring(0, bar));
                if (name.endsWith("|n") && n > 0) {
                    values.putIfAbsent(value, 0L);
                } else if (name.endsWith("|sql")) {
                    values.merge(value, n, Long::sum);
                }
            });
            byDimension.put(d, values);
        }
        return new Current(counters.get(now(ALL), "sql"), byDimension);
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
            case "v" -> day.velocity(Integer.parseInt(name[at + 1]), Long.parseLong(name[at + 2]), n);
            case "w" -> day.won(n);
            case "l" -> day.lost(n);
            case "a" -> day.wonUnits(n);
            case "af" -> day.wonTenThousandths(n);
            default -> {
                if (!DailyOutcomes.count(day, name, at, n)) {
                    throw new IllegalStateException("not a daily counter: " + String.join("|", name));
                }
            }
        }
    }

    @Override
    public Map<Stage, Open> open(Collection<Stage> stages, Instant from, Instant before, int listed,
                                 Dimension groupBy) {
        return OpenLeads.select(reader, stages, from, before, listed, groupBy);
    }

    /**
     * A won amount as whole units and ten-thousandths: amounts have at most four decimals (handoff-service refuses
     * finer ones; a finer one from elsewhere is rounded half-up to four); null counts as zero.
     */
    static long[] amount(BigDecimal amount) {
        if (amount == null) {
            return new long[] {0, 0};
        }
        BigDecimal[] parts = amount.setScale(4, RoundingMode.HALF_UP).divideAndRemainder(BigDecimal.ONE);
        return new long[] {parts[0].longValue(), parts[1].multiply(TEN_THOUSAND).longValue()};
    }

    /**
     * The UTC day of an instant, null for null: from its epoch second, with no time-zone rules (looking them up made a
     * new set of rules for every counter a lead contributes).
     */
    static LocalDate day(Instant at) {
        return at == null ? null : LocalDate.ofEpochDay(Math.floorDiv(at.getEpochSecond(), SECONDS_PER_DAY));
    }
}
