package io.leadfunnel.metrics.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The aggregate documents that name leads one by one, the open leads of a day and stage ({@link OpenLeads}) and the
 * due instants of a day's hand-offs ({@link DailyOutcomes}), grow with the leads of their day, and a MongoDB document
 * holds at most 16 MiB (about 120,000 such names). Each of these lists is therefore spread over {@link #SHARDS}
 * documents by lead id ({@code open|2026-09-07|1|5}), so that a day takes up to sixteen times as many leads per stage
 * (a bulk import of a CRM's leads arrives on one day), and a fold rewrites the shards its leads changed, not the whole
 * day. A reader reads every shard of the lists it needs, in the same one query.
 */
final class LeadLists {

    static final int SHARDS = 16;
    /** A shard's id: {@code open|<day>|<stage>|<shard>} or {@code day|<day>|due|<shard>}. */
    private static final Pattern SHARD = Pattern.compile(
            "(open\\|\\d{4}-\\d{2}-\\d{2}\\|\\d+|day\\|\\d{4}-\\d{2}-\\d{2}\\|due)\\|\\d+");

    private LeadLists() {
    }

    /** The shard of list {@code list} that names {@code leadId}. */
    static String shardOf(String list, String leadId) {
        return list + "|" + shard(leadId);
    }

    /** The number of the shard that names {@code leadId}, in every list. */
    static int shard(String leadId) {
        return Math.floorMod(leadId.hashCode(), SHARDS);
    }

    /** Whether aggregate document {@code id} is a shard of a list of leads (open leads, due instants). */
    static boolean isList(String id) {
        return SHARD.matcher(id).matches();
    }

    /** Every shard of list {@code list}. */
    static List<String> shards(String list) {
        List<String> ids = new ArrayList<>(SHARDS);
        for (int shard = 0; shard < SHARDS; shard++) {
            ids.add(list + "|" + shard);
        }
        return ids;
    }
}
