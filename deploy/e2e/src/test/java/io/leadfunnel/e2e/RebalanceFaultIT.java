package io.leadfunnel.e2e;

import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.testing.FunnelProcesses.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static io.leadfunnel.testing.FunnelProcesses.Service.HANDOFF;
import static io.leadfunnel.testing.FunnelProcesses.Service.LEAD;
import static io.leadfunnel.testing.FunnelProcesses.Service.SCORING;

/**
 * Under a steady load, a second instance of lead-service, scoring-service and handoff-service joins (same consumer
 * groups: the partitions are rebalanced over two members), serves for a while (the load is spread over both
 * lead-service instances) and leaves again (another rebalance). No event is processed twice into the figures and
 * none is skipped. metrics-service is single instance by design (see the fault report).
 */
@ExtendWith(FunnelExtension.class)
class RebalanceFaultIT {

    private static final List<Service> SCALED = List.of(LEAD, SCORING, HANDOFF);

    @Test
    void second_instances_join_and_leave_under_load(FunnelProcesses funnel) {
        AtomicReference<String> second = new AtomicReference<>();
        AtomicInteger turn = new AtomicInteger();
        AtomicInteger toSecond = new AtomicInteger();
        String campaign = "fault-rebalance-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> details = new LinkedHashMap<>();
        try (SteadyLoad load = new SteadyLoad(campaign, 5, 4, () -> {
            String other = second.get();
            if (other != null && turn.incrementAndGet() % 2 == 0) {
                toSecond.incrementAndGet();
                return other;
            }
            return funnel.baseUrl(LEAD);
        }).start()) {
            load.beginPhase("before");
            FaultCheck.sleep(3_000);
            load.endPhase("before");

            load.beginPhase("second instances joining");
            long joining = System.nanoTime();
            inParallel(funnel::startSecondInstance);
            details.put("second instances ready after", (System.nanoTime() - joining) / 1_000_000 / 1000.0 + " s");
            second.set(funnel.secondInstanceBaseUrl(LEAD));
            load.endPhase("second instances joining");

            load.beginPhase("two instances each");
            FaultCheck.sleep(6_000);
            load.endPhase("two instances each");

            load.beginPhase("second instances leaving");
            second.set(null);
            inParallel(funnel::stopSecondInstance);
            load.endPhase("second instances leaving");

            load.beginPhase("after");
            FaultCheck.sleep(3_000);
            load.endPhase("after");

            details.put("delivery attempts sent to the second lead-service", toSecond.get());
            List<String> failures = new ArrayList<>();
            if (toSecond.get() == 0) {
                failures.add("no delivery reached the second lead-service");
            }
            FaultCheck.verify(funnel, load, FaultReport.REBALANCE,
                    "RebalanceFaultIT.second_instances_join_and_leave_under_load", details, failures);
        } finally {
            SCALED.forEach(funnel::stopSecondInstance);
        }
    }

    /** Starts or stops the three second instances at the same time, as a scale-up or scale-down would. */
    private static void inParallel(Consumer<Service> action) {
        List<Thread> threads = new ArrayList<>();
        List<RuntimeException> errors = new ArrayList<>();
        for (Service service : SCALED) {
            Thread thread = new Thread(() -> {
                try {
                    action.accept(service);
                } catch (RuntimeException e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
            }, "scale " + service.module());
            thread.start();
            threads.add(thread);
        }
        threads.forEach(FaultCheck::join);
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
    }
}
