package io.leadfunnel.e2e;

import io.leadfunnel.testing.FunnelProcesses;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end check of every fault case under a {@link SteadyLoad}: accepted deliveries = stored leads = published
 * {@code LeadCaptured} events (one per lead), every lead scored, every qualifying lead MQL in lead-service and handed
 * off, and metrics-service's figures for the load's campaign exactly the expected counts ({@link LeadReconciliation}).
 * It writes the figures to the fault report before asserting, so a failed case is reported with its numbers.
 */
final class FaultCheck {

    private FaultCheck() {
    }

    /**
     * A dependency came back at {@code returnedAt} ({@link System#nanoTime()}); everything accepted before and after
     * its outage must be through the funnel within {@code limit} of it.
     */
    record Recovery(String dependency, long returnedAt, Duration limit) {
    }

    /** A case's figures and everything found wrong in it (the test's own findings first). */
    record Outcome(LeadReconciliation figures, List<String> failures) {
        boolean passed() {
            return failures.isEmpty();
        }
    }

    /**
     * Stops the load, checks the figures, records them under {@code fault} and asserts them.
     *
     * @param details  what else the test observed during the fault (status codes, readiness), reported as is
     * @param failures what the test itself found wrong during the fault (reported, and failing the case)
     */
    static Outcome verify(FunnelProcesses funnel, SteadyLoad load, String fault, String test,
            Map<String, Object> details, List<String> failures) {
        return verify(funnel, load, fault, test, details, failures, null);
    }

    /** As {@link #verify(FunnelProcesses, SteadyLoad, String, String, Map, List)}, within a recovery limit. */
    static Outcome verify(FunnelProcesses funnel, SteadyLoad load, String fault, String test,
            Map<String, Object> details, List<String> failures, Recovery recovery) {
        Outcome outcome = measure(funnel, load, fault, test, details, failures, recovery, null);
        assertPassed(load, outcome);
        return outcome;
    }

    /**
     * Stops the load, checks the figures and records them under {@code fault}, without asserting (the caller then
     * calls {@link #assertPassed}).
     *
     * @param afterFigures run once the figures are in (everything through the funnel, or given up), before the record
     *                     is written: checks that belong after the funnel's catching up add to {@code details} and
     *                     {@code testFailures}; null when there are none
     */
    static Outcome measure(FunnelProcesses funnel, SteadyLoad load, String fault, String test,
            Map<String, Object> details, List<String> testFailures, Recovery recovery, Runnable afterFigures) {
        List<String> failures = new ArrayList<>();
        load.stop();
        long allAccepted = System.nanoTime();
        Map<Integer, String> accepted = load.accepted();
        Set<String> acceptedLeads = new HashSet<>(accepted.values());
        int doubleAccepted = accepted.size() - acceptedLeads.size();
        LeadReconciliation result = LeadReconciliation.of(funnel, load.campaign, acceptedLeads, doubleAccepted,
                load.qualifyingLeads());

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("fault", fault);
        record.put("test", test);
        record.put("loadSeconds", load.seconds());
        record.put("offeredPerSecond", load.offeredPerSecond());
        record.put("acceptedPerSecond", load.acceptedPerSecond());
        record.put("phases", phases(load));
        record.put("deliveriesOffered", load.offered());
        record.put("deliveriesAccepted", accepted.size());
        record.put("attempts", load.attempts.get());
        record.put("connectionFailures", load.connectionFailures.get());
        record.put("status5xx", load.status5xx.get());
        record.put("status503", load.status503.get());
        record.put("status503WithoutRetryAfter", load.status503WithoutRetryAfter.get());
        record.put("status429", load.status429.get());
        record.put("refused4xx", load.refusals().size());
        record.putAll(result.figures());
        if (recovery != null) {
            String limit = recovery.limit().toSeconds() + " s";
            String deliveries = seconds(allAccepted - recovery.returnedAt());
            if (result.completeAt() == 0) {
                failures.add("not every lead was through the funnel after " + recovery.dependency()
                        + " came back (limit " + limit + ")");
                record.put("through the funnel after " + recovery.dependency() + " came back",
                        "not complete (limit " + limit + "; every delivery accepted after " + deliveries + ")");
            } else {
                long took = result.completeAt() - recovery.returnedAt();
                record.put("through the funnel after " + recovery.dependency() + " came back", seconds(took)
                        + " (limit " + limit + "; every delivery accepted after " + deliveries + ")");
                if (took > recovery.limit().toNanos()) {
                    failures.add("the leads were through the funnel " + seconds(took) + " after "
                            + recovery.dependency() + " came back, over the limit of " + limit);
                }
            }
        }
        if (afterFigures != null) {
            afterFigures.run();
        }
        failures.addAll(testFailures);
        record.putAll(details);
        failures.addAll(result.discrepancies());
        if (!load.refusals().isEmpty()) {
            failures.add(load.refusals().size() + " deliveries refused with a 4xx a CRM would not retry (or given up):"
                    + " " + load.refusals().stream().limit(3).toList());
        }
        if (load.status503WithoutRetryAfter.get() > 0) {
            failures.add(load.status503WithoutRetryAfter.get() + " answers 503 without Retry-After");
        }
        if (accepted.size() != load.offered()) {
            failures.add((load.offered() - accepted.size()) + " of " + load.offered() + " offered deliveries never"
                    + " accepted");
        }
        if (!failures.isEmpty()) {
            record.put("failures", List.copyOf(failures));
        }
        record.put("passed", failures.isEmpty());
        FaultReport.record(record);
        return new Outcome(result, List.copyOf(failures));
    }

    /** Fails the case with everything {@link #measure} and the test found wrong. */
    static void assertPassed(SteadyLoad load, Outcome outcome) {
        assertThat(outcome.failures()).as("found during the fault and in the figures of " + load.campaign)
                .isEmpty();
        assertThat(outcome.figures().lost()).as("lost leads").isZero();
        assertThat(outcome.figures().doubleCounted()).as("double-counted leads").isZero();
    }

    private static String seconds(long nanos) {
        return Math.round(nanos / 100_000_000.0) / 10.0 + " s";
    }

    private static Map<String, Object> phases(SteadyLoad load) {
        Map<String, Object> phases = new LinkedHashMap<>();
        Map<String, Double> seconds = load.phaseSeconds();
        load.phaseRates().forEach((name, rate) -> phases.put(name,
                Map.of("seconds", seconds.get(name), "acceptedPerSecond", rate)));
        return phases;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void join(Thread thread) {
        try {
            thread.join(200_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
