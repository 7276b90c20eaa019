package io.leadfunnel.runtime.consumer;

import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Applies a poll's records, lead by lead groups at once, with the two failure rules of every consumer. A transient
 * failure (MongoDB unreachable, contention) is waited out and the whole poll applied again ({@link UntilApplied}):
 * safe, because applying a record twice changes nothing. A failure for good must not take the good records down with
 * it: the work itself sets aside the records it finds poison (one that cannot be applied, a lead whose write the store
 * refuses) and returns them; a failure it cannot pin on a record is isolated here by applying each lead alone, and the
 * records of a lead that still fails for good are the poison.
 */
public final class PollApplication {

    private static final Logger LOG = Logger.getLogger(PollApplication.class);

    private PollApplication() {
    }

    /**
     * @param what  the poll, for the log
     * @param leads the records by lead, as {@link LeadPoll#byLead()}
     * @param work  applies the given leads' records and returns the poison among them
     * @return every poison record, for the dead-letter topic
     */
    public static <E> List<Poison> apply(String what, Map<String, List<LeadPoll.Entry<E>>> leads,
                                         Function<Map<String, List<LeadPoll.Entry<E>>>, List<Poison>> work) {
        if (leads.isEmpty()) {
            return List.of();
        }
        try {
            return UntilApplied.apply(what, () -> work.apply(leads));
        } catch (RuntimeException permanent) {
            if (leads.size() == 1) {
                List<Poison> poison = new ArrayList<>();
                leads.values().forEach(entries -> entries.forEach(e -> poison.add(new Poison(e.record(), permanent))));
                return poison;
            }
            LOG.warnf("%s failed for good (%s); applying each lead alone", what, permanent.getClass().getSimpleName());
            List<Poison> poison = new ArrayList<>();
            leads.forEach((lead, entries) -> poison.addAll(apply(what + ", lead " + lead, Map.of(lead, entries), work)));
            return poison;
        }
    }
}
