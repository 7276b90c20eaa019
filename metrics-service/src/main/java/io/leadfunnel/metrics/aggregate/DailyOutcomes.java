package io.leadfunnel.metrics.aggregate;

import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.domain.DayCounts;
import io.leadfunnel.metrics.domain.Dimension;
import io.leadfunnel.metrics.domain.Handoff;
import io.leadfunnel.metrics.domain.LeadFact;
import io.leadfunnel.metrics.domain.Nanos;
import io.leadfunnel.metrics.domain.SlaBreach;
import io.leadfunnel.metrics.domain.SlaReport;
import io.leadfunnel.metrics.domain.StageEntry;
import io.leadfunnel.metrics.domain.TimeInStage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * Drop-off's and SLA's daily counters, beside conversion's ({@link DailyConversion}). In the outcomes' document of a
 * UTC day and grouping ({@code day|2026-09-07|all|out}), a lead adds: {@code rj|source|reason} for each move to
 * RECYCLED that day, {@code dq|reason} for each disqualification, {@code ls|reason} when its deal was lost that day;
 * for each hand-off due that day {@code du}, and {@code dw} when it was handled within its due time; for each SLA
 * breach that day {@code bo|owner} and {@code bs|sla}; for each hand-off made that day its speed-to-lead band
 * {@code sp|band} and, when accepted, {@code ta|bin} (the {@link TimeInStage} bin of its time to accept). In the due
 * times' document of the day ({@code day|2026-09-07|due}, one for every grouping, in shards: {@link LeadLists}),
 * read only for the day of {@code asOf}: each hand-off's due instant ({@link #contributeDueTimes}), so compliance
 * counts exactly the hand-offs due by {@code asOf}. In the captures' document of its capture day: {@code x|i} when
 * it left the funnel (LOST, RECYCLED, DISQUALIFIED) after reaching chain stage {@code i} at the furthest.
 */
final class DailyOutcomes {

    private static final Set<Stage> EXITS = EnumSet.of(Stage.LOST, Stage.RECYCLED, Stage.DISQUALIFIED);

    private DailyOutcomes() {
    }

    /** The outcomes' part of a day's counts for a grouping. */
    static String outcomes(LocalDate day, String grouping) {
        return "day|" + day + "|" + grouping + "|out";
    }

    /** The due instants of a day's hand-offs, for every grouping at once, as shards ({@link LeadLists}). */
    static String dueTimes(LocalDate day) {
        return "day|" + day + "|due";
    }

    /** Where the lead's values of the dimensions begin in a due instant's counter name. */
    static final int DUE_VALUES = 2;

    /**
     * Adds a counting lead's drop-off and SLA counters for grouping {@code g} ({@link DayIds}), each name after the
     * lead's value of it ({@code names}).
     */
    static void contribute(LeadFact fact, DayIds captureDay, ValueNames names, int g, Counters.Sink into) {
        String value = names.value;
        if (captureDay != null && EXITS.contains(fact.currentStage()) && fact.furthestChainStage() != null) {
            into.add(captureDay.captures(g), names.exit(LeadFact.CHAIN.indexOf(fact.furthestChainStage())), 1);
        }
        String source = null;
        for (StageEntry entry : fact.entries()) {
            LocalDate day = day(entry.at());
            if (day == null) {
                continue;
            }
            if (entry.stage() == Stage.RECYCLED) {
                source = source == null ? Dimension.SOURCE.valueOf(fact) : source;
                into.add(DayIds.of(day).outcomes(g), value + "rj|" + Counters.name(source,
                        reason(entry.reasonCode())), 1);
            } else if (entry.stage() == Stage.DISQUALIFIED) {
                into.add(DayIds.of(day).outcomes(g), value + "dq|" + Counters.name(reason(entry.reasonCode())), 1);
            }
        }
        if (fact.closure() != null && fact.closure().outcome() == Stage.LOST && day(fact.closure().at()) != null) {
            into.add(DayIds.of(day(fact.closure().at())).outcomes(g),
                    value + "ls|" + Counters.name(reason(fact.closure().lossReason())), 1);
        }
        for (Handoff handoff : fact.handoffs()) {
            StageEntry action = handoff.at() == null ? null : fact.firstActionAfter(handoff.at()).orElse(null);
            LocalDate dueDay = day(handoff.acceptDueAt());
            if (dueDay != null) {
                String doc = DayIds.of(dueDay).outcomes(g);
                boolean within = action != null && !action.at().isAfter(handoff.acceptDueAt());
                into.add(doc, names.due, 1);
                if (within) {
                    into.add(doc, names.dueWithin, 1);
                }
            }
            LocalDate madeDay = day(handoff.at());
            if (madeDay != null) {
                String doc = DayIds.of(madeDay).outcomes(g);
                if (action != null && action.stage() == Stage.SAL) {
                    long seconds = Duration.between(handoff.at(), action.at()).getSeconds();
                    into.add(doc, value + "ta|" + TimeInStage.bin(seconds), 1);
                }
                into.add(doc, value + "sp|" + SlaReport.band(handoff, action), 1);
            }
        }
        for (SlaBreach breach : fact.breaches()) {
            LocalDate day = day(breach.at());
            if (day != null) {
                String doc = DayIds.of(day).outcomes(g);
                into.add(doc, value + "bo|" + Counters.name(orUnknown(breach.owner())), 1);
                into.add(doc, value + "bs|" + Counters.name(orUnknown(breach.sla())), 1);
            }
        }
    }

    /** The days this lead has drop-off or SLA counters on (beside its capture and closure days). */
    static Set<LocalDate> days(LeadFact fact) {
        Set<LocalDate> days = new HashSet<>();
        for (StageEntry entry : fact.entries()) {
            if (entry.stage() == Stage.RECYCLED || entry.stage() == Stage.DISQUALIFIED) {
                days.add(day(entry.at()));
            }
        }
        for (Handoff handoff : fact.handoffs()) {
            days.add(day(handoff.acceptDueAt()));
            days.add(day(handoff.at()));
        }
        for (SlaBreach breach : fact.breaches()) {
            days.add(day(breach.at()));
        }
        days.remove(null);
        return days;
    }

    /**
     * Adds a counting lead's due instants, once for every grouping: in the due times' document of each hand-off's due
     * day, {@code nanos|w|v1|...|v9} ({@code w} 1 when it was handled within its due time), named with the lead's value
     * of every dimension in {@link Dimension} order ({@code values}: {@link ValueNames#dimensionValues}).
     */
    static void contributeDueTimes(LeadFact fact, String values, Counters.Sink into) {
        for (Handoff handoff : fact.handoffs()) {
            LocalDate dueDay = day(handoff.acceptDueAt());
            if (dueDay == null) {
                continue;
            }
            StageEntry action = handoff.at() == null ? null : fact.firstActionAfter(handoff.at()).orElse(null);
            boolean within = action != null && !action.at().isAfter(handoff.acceptDueAt());
            into.add(DayIds.of(dueDay).dueTimes(fact.leadId()),
                    Nanos.of(handoff.acceptDueAt()) + "|" + (within ? 1 : 0) + values, 1);
        }
    }

    /** Adds a due instant's counter ({@link #contributeDueTimes}) to the day's counts. */
    static void countDue(DayCounts day, String[] name, long n) {
        long nanos = Long.parseLong(name[0]);
        day.dueAt(nanos, false, n);
        if ("1".equals(name[1])) {
            day.dueAt(nanos, true, n);
        }
    }

    /**
     * Adds one drop-off or SLA counter, whose name's parts from {@code at} on are the counter itself, to the day's
     * counts; false when it is none of theirs.
     */
    static boolean count(DayCounts day, String[] name, int at, long n) {
        switch (name[at]) {
            case "x" -> day.exit(Integer.parseInt(name[at + 1]), n);
            case "rj" -> day.rejection(Counters.unescape(name[at + 1]), Counters.unescape(name[at + 2]), n);
            case "dq" -> day.disqualification(Counters.unescape(name[at + 1]), n);
            case "ls" -> day.loss(Counters.unescape(name[at + 1]), n);
            case "du" -> day.due(n);
            case "dw" -> day.dueWithin(n);
            case "bo" -> day.breachByOwner(Counters.unescape(name[at + 1]), n);
            case "bs" -> day.breachBySla(Counters.unescape(name[at + 1]), n);
            case "ta" -> day.toAccept(Long.parseLong(name[at + 1]), n);
            case "sp" -> day.speedToLead(Counters.unescape(name[at + 1]), n);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static String reason(String code) {
        return orUnknown(code);
    }

    private static String orUnknown(String value) {
        return value == null ? Dimension.UNKNOWN : value;
    }

    private static LocalDate day(Instant at) {
        return DailyConversion.day(at);
    }
}
