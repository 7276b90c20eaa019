package io.leadfunnel.metrics.service;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.metrics.aggregate.AggregateStore;
import io.leadfunnel.metrics.aggregate.Counters;
import io.leadfunnel.metrics.repository.FactRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies a poll to a generation's leads and aggregates, exactly once for the aggregates whatever fails in between:
 * <ol>
 *   <li>claim the log of each partition in the poll ({@link AggregateStore#claim}), or find it still claimed;</li>
 *   <li>apply the events to the leads ({@link FactRepository#applyPoll}), each changed lead carrying its change;</li>
 *   <li>append each partition's change to its log, in one write naming the epoch and sequence claimed;</li>
 *   <li>fold the logs into the aggregate documents, at most once per {@link #FOLD_EVERY} and partition (the entries
 *       are read from the log meanwhile; a failure leaves them there too).</li>
 * </ol>
 * A failure before the append leaves the leads changed and carrying their change: applying the poll again finds the
 * events there and counts the carried change instead. An append refused because another consumer claimed the
 * partition fails the poll ({@link AggregateStore.LogFencedException}, transient: the poll is applied again).
 */
@ApplicationScoped
public class AccountedApply {

    private static final Logger LOG = Logger.getLogger(AccountedApply.class);
    /**
     * How often a partition's log is folded: a fold costs a read of the log and of the watermarks and a write per
     * aggregate document changed, so folding after every poll would double the poll's MongoDB commands under load.
     */
    static final Duration FOLD_EVERY = Duration.ofSeconds(1);

    /** When each partition's log was last folded by this instance, as {@link System#nanoTime()}. */
    private final Map<String, Long> folded = new ConcurrentHashMap<>();

    /**
     * Where a poll's records came from.
     *
     * @param partitionOf each lead's topic partition ({@code lead.events-3})
     * @param offsets     the highest offset of each partition in the poll
     */
    public record PollSource(Map<String, String> partitionOf, Map<String, Long> offsets) {
    }

    private final FactRepository repository;
    private final AggregateStore aggregates;

    public AccountedApply(FactRepository repository, AggregateStore aggregates) {
        this.repository = repository;
        this.aggregates = aggregates;
    }

    /**
     * @param epochs the consumer's epoch in each partition's log, updated by the claims
     * @return each lead's outcome, in the order given
     */
    public Map<String, FactRepository.LeadApplied> apply(String generation, Map<String, List<FunnelEvent>> byLead,
                                                         PollSource from, Map<String, String> epochs) {
        Map<String, AggregateStore.Log> logs = new HashMap<>();
        for (String partition : new TreeSet<>(from.partitionOf().values())) {
            AggregateStore.Log log = aggregates.claim(generation, partition, epochs.get(partition));
            epochs.put(partition, log.epoch());
            logs.put(partition, log);
        }
        Map<String, FactRepository.LeadApplied> applied = repository.applyPoll(generation, byLead,
                new FactRepository.Accounting(from.partitionOf(), logs));
        Map<String, Counters> changes = new HashMap<>();
        logs.keySet().forEach(partition -> changes.put(partition, Counters.empty()));
        applied.forEach((leadId, lead) -> changes.get(from.partitionOf().get(leadId)).add(lead.aggregated(), 1));
        for (AggregateStore.Log log : logs.values()) {
            aggregates.append(generation, log, from.offsets().getOrDefault(log.partition(), -1L),
                    changes.get(log.partition()));
        }
        long now = System.nanoTime();
        for (String partition : logs.keySet()) {
            Long last = folded.get(generation + "/" + partition);
            if (last != null && now - last < FOLD_EVERY.toNanos()) {
                continue;
            }
            folded.put(generation + "/" + partition, now);
            try {
                aggregates.fold(generation, partition);
            } catch (RuntimeException e) {
                // the entries stay in the log, are read from there and are folded with the partition's next poll
                LOG.debugf("folding the aggregate log of %s failed (%s); left for its next poll", partition, e);
            }
        }
        return applied;
    }
}
