package io.leadfunnel.metrics.aggregate;

import io.leadfunnel.metrics.domain.Dimension;

import java.time.LocalDate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The ids of one UTC day's aggregate documents, each made once and then shared. A lead's contribution names about a
 * dozen documents for each of its ten groupings, and every counter it adds looks its document up by id: an id made
 * anew is formatted (the date), hashed and compared character by character each time, a shared one is hashed once and
 * compared by reference. The ids are those {@link DailyConversion}, {@link DailyOutcomes} and {@link OpenLeads} name
 * (readers use those); the days used last are kept, at most {@link #DAYS_KEPT} (the polls and a rebuild's replay
 * touch a few days at a time), and the ids of a day are made as they are first asked for.
 */
final class DayIds {

    /** The groupings, by index: {@code all}, then each {@link Dimension} in its order. */
    static final int GROUPINGS = Dimension.values().length + 1;
    private static final int CAPTURES = 0;
    private static final int ENTRIES = 1;
    private static final int CLOSURES = 2;
    private static final int OUTCOMES = 3;
    private static final int PARTS = 4;
    static final int DAYS_KEPT = 1024;
    private static final ConcurrentMap<LocalDate, DayIds> DAYS = new ConcurrentHashMap<>();

    private final LocalDate day;
    // filled as asked; two threads filling one slot at once make equal ids, either of which serves
    private final String[] parts = new String[GROUPINGS * PARTS];
    private final String[] dueShards = new String[LeadLists.SHARDS];
    private final String[] openShards = new String[OpenLeads.OPEN.size() * LeadLists.SHARDS];

    private DayIds(LocalDate day) {
        this.day = day;
    }

    static DayIds of(LocalDate day) {
        DayIds ids = DAYS.get(day);
        if (ids == null) {
            if (DAYS.size() >= DAYS_KEPT) {
                DAYS.clear();
            }
            ids = DAYS.computeIfAbsent(day, DayIds::new);
        }
        return ids;
    }

    /** The name of grouping {@code g}: {@code all}, or a dimension's parameter name. */
    static String grouping(int g) {
        return g == 0 ? "all" : Dimension.values()[g - 1].param();
    }

    /** {@link DailyConversion#captures}. */
    String captures(int grouping) {
        return part(grouping, CAPTURES);
    }

    /** {@link DailyConversion#entries}. */
    String entries(int grouping) {
        return part(grouping, ENTRIES);
    }

    /** {@link DailyConversion#closures}. */
    String closures(int grouping) {
        return part(grouping, CLOSURES);
    }

    /** {@link DailyOutcomes#outcomes}. */
    String outcomes(int grouping) {
        return part(grouping, OUTCOMES);
    }

    /** The shard of {@link DailyOutcomes#dueTimes} that names {@code leadId}. */
    String dueTimes(String leadId) {
        int shard = LeadLists.shard(leadId);
        String id = dueShards[shard];
        if (id == null) {
            id = LeadLists.shardOf(DailyOutcomes.dueTimes(day), leadId);
            dueShards[shard] = id;
        }
        return id;
    }

    /** The shard of {@link OpenLeads#leads} of stage {@code stage} that names {@code leadId}. */
    String openLeads(int stage, String leadId) {
        int at = stage * LeadLists.SHARDS + LeadLists.shard(leadId);
        String id = openShards[at];
        if (id == null) {
            id = LeadLists.shardOf(OpenLeads.leads(day, stage), leadId);
            openShards[at] = id;
        }
        return id;
    }

    private String part(int grouping, int part) {
        int at = grouping * PARTS + part;
        String id = parts[at];
        if (id == null) {
            String name = grouping(grouping);
            id = switch (part) {
                case CAPTURES -> DailyConversion.captures(day, name);
                case ENTRIES -> DailyConversion.entries(day, name);
                case CLOSURES -> DailyConversion.closures(day, name);
                default -> DailyOutcomes.outcomes(day, name);
            };
            parts[at] = id;
        }
        return id;
    }
}
