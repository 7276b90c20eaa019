package io.leadfunnel.runtime.outbox;

import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;

/**
 * Clears what the broker acknowledged from many leads' outboxes in one bulk write, for the stores that keep an outbox
 * in the lead's own document: an {@value #OUTBOX} array of entries with an {@value #EVENT_ID}, a {@value #PENDING} flag
 * while it holds events, and a {@value #VERSION} that every write of the document increments.
 *
 * <p>For each lead:
 * <ol>
 *   <li>when every event the relay read was acknowledged and the document is still at the version the relay read, the
 *   events were the whole outbox: they go, and so does the flag, in one update;</li>
 *   <li>otherwise (the lead was written since, or only some events were acknowledged) the acknowledged events are
 *   pulled wherever they are, matched by id, so events appended meanwhile stay, and so does the flag while any event
 *   is left; a wholly acknowledged outbox the pull leaves empty loses its flag too (below);</li>
 *   <li>an outbox the relay read empty only has its flag cleared, and only while it is still empty.</li>
 * </ol>
 * The first bulk write holds one update per lead: the guarded one of (1) for a wholly acknowledged outbox, the pull of
 * (2) for a partly acknowledged one, the flag of (3). When every guarded update matched, that is all: one round trip
 * and one update per lead, the common case. When some did not (their leads were written since the read), a second
 * bulk write, in order, pulls the acknowledged events of every wholly acknowledged lead (it matches nothing where the
 * first one took them already) and then clears the flag of each of those outboxes the pull left empty. Without that
 * last step a relay that only publishes what writers hand over would leave the flag set until a sweep: a lead written
 * again while its first events waited for the broker ends with every event published, an empty outbox and the flag.
 * Every update that changes the outbox increments the version, so a writer holding an older read re-reads; clearing the
 * flag of an empty outbox changes no event, and a writer appending meanwhile sets it again.
 */
public final class OutboxClearing {

    /** The array of unpublished events in a lead's document. */
    public static final String OUTBOX = "outbox";
    /** An outbox entry's event id. */
    public static final String EVENT_ID = "eventId";
    /** Present and true while the outbox holds events. */
    public static final String PENDING = "outboxPending";
    /** Incremented by every write of the document. */
    public static final String VERSION = "version";

    private OutboxClearing() {
    }

    /**
     * Clears the acknowledged events of every lead in {@code published} from {@code leads}: one bulk write, and a
     * second one only when leads were written since the relay read them.
     */
    public static <T> void clear(MongoCollection<T> leads, List<OutboxStore.Published> published) {
        List<WriteModel<T>> writes = new ArrayList<>();
        List<WriteModel<T>> fallbacks = new ArrayList<>();
        for (OutboxStore.Published lead : published) {
            String id = lead.outbox().leadId();
            if (lead.eventIds().isEmpty()) {
                if (lead.outbox().events().isEmpty()) {
                    writes.add(flagClearedIfEmpty(id));
                }
                continue;
            }
            Bson pull = Updates.pull(OUTBOX, Filters.in(EVENT_ID, lead.eventIds()));
            UpdateOneModel<T> pullWherever = new UpdateOneModel<>(Filters.and(Filters.eq("_id", id),
                    Filters.in(OUTBOX + "." + EVENT_ID, lead.eventIds())),
                    Updates.combine(pull, Updates.inc(VERSION, 1L)));
            if (lead.all()) {
                // _id and version as $and: the embedded engine's index path for an {_id, version} document was seen
                // to match a version that had already moved on under concurrent writers
                writes.add(new UpdateOneModel<>(Filters.and(Filters.eq("_id", id),
                        Filters.eq(VERSION, lead.outbox().readVersion())),
                        Updates.combine(pull, Updates.unset(PENDING), Updates.inc(VERSION, 1L))));
                fallbacks.add(pullWherever);
                fallbacks.add(flagClearedIfEmpty(id));
            } else {
                writes.add(pullWherever);
            }
        }
        if (writes.isEmpty()) {
            return;
        }
        BulkWriteResult result = leads.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        // an update that matched nothing may be a guarded one (a bulk write counts, it does not say which): then the
        // pulls run, and change nothing for a lead whose guarded update took its events; in order, so that each
        // lead's flag is cleared after its pull
        if (!fallbacks.isEmpty() && result.getMatchedCount() < writes.size()) {
            leads.bulkWrite(fallbacks, new BulkWriteOptions().ordered(true));
        }
    }

    /** Unsets the flag of the lead's outbox while it holds no event. */
    private static <T> UpdateOneModel<T> flagClearedIfEmpty(String id) {
        return new UpdateOneModel<>(Filters.and(Filters.eq("_id", id),
                Filters.or(Filters.size(OUTBOX, 0), Filters.exists(OUTBOX, false))), Updates.unset(PENDING));
    }
}
