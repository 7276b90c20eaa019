package io.leadfunnel.bench;

import java.util.List;

/** How much each part does: the full suite, or a quick smoke check of a couple of minutes. */
public record Sizes(
        int kafkaRecords, double mongoSeconds, int mongoBatched, double hopSeconds,
        List<Double> singleRates, List<Double> batchRates, double stepSeconds, double drainSeconds,
        double e2eSecondsAt200, double e2eSecondsAt1000, double e2eWaitSeconds,
        List<Double> capacityRates, double capacityStepSeconds, double capacityWaitSeconds,
        int liveLeads, List<Integer> factLevels, double querySeconds, int queryMinRequests, int queryMaxRequests,
        double loadWaitSeconds, double factsBudgetSeconds, double warmUpRate, double warmUpSeconds) {

    public static Sizes full() {
        return new Sizes(200_000, 8, 100_000, 8,
                List.of(100d, 250d, 500d, 750d, 1000d, 1250d, 1500d, 2000d),
                List.of(500d, 1000d, 2000d, 3000d, 4000d, 5000d),
                8, 90,
                20, 6, 150,
                List.of(25d, 50d, 100d, 150d, 200d, 300d, 400d, 500d, 600d, 800d, 1000d), 60, 60,
                5_000, List.of(100_000, 1_000_000), 10, 3, 40,
                120, 1200, 50, 60);
    }

    public static Sizes quick() {
        return new Sizes(30_000, 3, 20_000, 4,
                List.of(100d, 200d, 600d, 1000d), List.of(500d, 1000d, 3000d),
                4, 30,
                8, 4, 60,
                List.of(25d, 50d, 100d, 200d, 300d, 400d, 600d), 10, 20,
                1_000, List.of(5_000, 20_000), 3, 3, 10,
                60, 240, 50, 20);
    }

    /** The same sizes with another budget for the queries part (loading, querying and restarting per level). */
    public Sizes withFactsBudget(double seconds) {
        return new Sizes(kafkaRecords, mongoSeconds, mongoBatched, hopSeconds, singleRates, batchRates, stepSeconds,
                drainSeconds, e2eSecondsAt200, e2eSecondsAt1000, e2eWaitSeconds, capacityRates, capacityStepSeconds,
                capacityWaitSeconds, liveLeads, factLevels, querySeconds, queryMinRequests, queryMaxRequests,
                loadWaitSeconds, seconds, warmUpRate, warmUpSeconds);
    }
}
