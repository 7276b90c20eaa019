package io.leadfunnel.metrics.aggregate;

import io.leadfunnel.metrics.domain.DailyCounts;
import io.leadfunnel.metrics.domain.LeadFact;

import java.util.Collection;

/** Conversion's daily counts of some facts, summed in memory from their contributions as the store would hold them. */
public final class CountedFacts {

    private CountedFacts() {
    }

    public static DailyCounts of(Collection<LeadFact> facts) {
        Counters sum = Counters.empty();
        facts.forEach(fact -> sum.add(Contributions.of(fact), 1));
        return new DailyConversion(ids -> sum);
    }
}
