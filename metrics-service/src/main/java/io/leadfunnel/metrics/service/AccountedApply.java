package io.leadfunnel.metrics.service;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.metrics.aggregate.AggregateStore;
import io.leadfunnel.metrics.aggregate.Counters;
import io.leadfunnel.metrics.repository.FactRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Applies a poll to a generation's leads and aggregates, exactly once for the aggregates whatever fails in between:
 * <ol>
 *   <li>take the consumer's view of each partition's log: as its last append left it, or claimed
 *       ({@link AggregateStore#claim}) when it has none, when a lead carries a change from an epoch the view does not
 *       know (another consumer claimed the log since), and after a failed append;</li>
 *   <li>apply the events to the leads ({@link FactRepository#applyPoll}), each changed lead carrying its change;</li>
 *   <li>append each partition's change to its log, in one bulk write naming each view's epoch and sequence;</li>
 * </ol>
 * The logs are folded into the aggregate documents apart from the polls ({@link #fold}); readers add the entries not
 * folded yet.
 * A failure before the append leaves the leads changed and carrying their change: applying the poll again finds the
 * events there and counts the carried change instead. An append refused because another consumer claimed the
 * partition fails the poll ({@link AggregateStore.LogFencedException}, transient: the poll is applied again).
 */
@ApplicationScoped
public class AccountedApply {

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
     * @param logs the consumer's view of each partition's log, as its last claim or append left it; updated here
     * @return each lead's outcome, in the order given
     */
    public Map<String, FactRepository.LeadApplied> apply(String generation, Map<String, List<FunnelEvent>> byLead,
                                                         PollSource from, Map<String, AggregateStore.Log> logs) {
        Map<String, AggregateStore.Log> claimed = new HashMap<>();
        for (String partition : new TreeSet<>(from.partitionOf().values())) {
            claimed.put(partition, view(generation, partition, logs, false));
        }
        Map<String, FactRepository.LeadApplied> applied;
        try {
            applied = repository.applyPoll(generation, byLead, new FactRepository.Accounting(from.partitionOf(),
                    claimed));
        } catch (AggregateStore.UnknownEpochException unknown) {
            // another consumer claimed a log since this one's view of it: read them all again
            claimed.replaceAll((partition, log) -> view(generation, partition, logs, true));
            applied = repository.applyPoll(generation, byLead, new FactRepository.Accounting(from.partitionOf(),
                    claimed));
        }
        Map<String, Counters> changes = new HashMap<>();
        claimed.keySet().forEach(partition -> changes.put(partition, Counters.empty()));
        applied.forEach((leadId, lead) -> changes.get(from.partitionOf().get(leadId)).add(lead.aggregated(), 1));
        List<AggregateStore.Append> appends = new ArrayList<>();
        claimed.values().forEach(log -> appends.add(new AggregateStore.Append(log,
                from.offsets().getOrDefault(log.partition(), -1L), changes.get(log.partition()))));
        try {
            aggregates.append(generation, appends);
        } catch (RuntimeException e) {
            claimed.keySet().forEach(logs::remove);
            throw e;
        }
        claimed.values().forEach(log -> logs.put(log.partition(), log.appended()));
        return applied;
    }

    /**
     * Folds the given partitions' logs into the generation's aggregate documents, all at once (one update per document
     * changed). When that fails the logs keep their entries, which readers add meanwhile, for the next fold, and the
     * failure is thrown for the caller to report: a fold that keeps failing lets the logs grow, and every query reads
     * them. One fold at a time on an instance (the scheduled one, a rebuild's): each holds up to a pass of decoded
     * counters ({@link AggregateStore#fold}), and two at once on the same logs would only overtake each other.
     *
     * @return the number of entries removed from the logs
     */
    public synchronized int fold(String generation, Collection<String> partitions) {
        return aggregates.fold(generation, partitions);
    }

    /**
     * The consumer's view of a partition's log: as its last append left it, without reading the log, unless it has
     * none or {@code fresh}; otherwise claimed (read, and taken over with a new epoch if another consumer holds it).
     */
    private AggregateStore.Log view(String generation, String partition, Map<String, AggregateStore.Log> logs,
                                    boolean fresh) {
        AggregateStore.Log known = logs.get(partition);
        if (known != null && !fresh) {
            return known.carriedOn();
        }
        AggregateStore.Log log = aggregates.claim(generation, partition, known == null ? null : known.epoch());
        logs.put(partition, log);
        return log;
    }
}
