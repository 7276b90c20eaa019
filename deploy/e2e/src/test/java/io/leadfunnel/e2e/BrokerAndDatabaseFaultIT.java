package io.leadfunnel.e2e;

import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.testing.FunnelProcesses.Service;
import io.leadfunnel.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static io.leadfunnel.testing.FunnelProcesses.Service.HANDOFF;
import static io.leadfunnel.testing.FunnelProcesses.Service.LEAD;
import static io.leadfunnel.testing.FunnelProcesses.Service.METRICS;
import static io.leadfunnel.testing.FunnelProcesses.Service.SCORING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The infrastructure fails under a steady load: the Kafka broker stops and comes back; the MongoDB server stops and
 * comes back on the same port with the same data file. Deliveries are retried as a CRM does; in the end every
 * accepted delivery is one stored lead and one LeadCaptured, and metrics-service's figures are exact. Readiness goes
 * DOWN while the dependency is unreachable and UP again after.
 */
@ExtendWith(FunnelExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerAndDatabaseFaultIT {

    private static final Duration OUTAGE = Duration.ofSeconds(15);
    private static final Map<String, Object> READINESS = new LinkedHashMap<>();
    private static final List<String> READINESS_FAILURES = new ArrayList<>();

    private FunnelProcesses funnel;

    @AfterEach
    void bringEverythingBack() {
        if (funnel != null) {
            funnel.startKafka();
            funnel.startMongo();
        }
    }

    @Test
    @Order(1)
    void kafka_broker_stopped_and_restarted_under_load(FunnelProcesses funnel) {
        this.funnel = funnel;
        List<Service> kafkaReadiness = List.of(Service.values());
        try (SteadyLoad load = SteadyLoad.start(funnel, "fault-kafka-" + UUID.randomUUID().toString().substring(0, 8))) {
            load.beginPhase("before");
            FaultCheck.sleep(4_000);
            load.endPhase("before");

            load.beginPhase("Kafka down");
            long down = System.nanoTime();
            funnel.stopKafka();
            Map<String, String> wentDown = Probe.awaitBrokerDown(funnel, kafkaReadiness, OUTAGE);
            // metrics-service's readiness covers MongoDB only, by design (it serves its figures during a broker
            // outage); where it has no broker health group either, the outage is not observable in its health
            Probe.Answer metricsBroker = Probe.get(funnel.managementUrl(METRICS) + "/q/health/group/broker", null,
                    Duration.ofSeconds(5));
            if (wentDown.get(METRICS.module()).startsWith("not") && (metricsBroker.status() == 404
                    || metricsBroker.body().replaceAll("\\s", "").contains("\"checks\":[]"))) {
                wentDown.put(METRICS.module(), "n/a: readiness covers MongoDB only (README) and no broker group");
            }
            FaultCheck.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - down) / 1_000_000));
            funnel.startKafka();
            long downSeconds = (System.nanoTime() - down) / 1_000_000_000;
            load.endPhase("Kafka down");

            load.beginPhase("after restart");
            Map<String, String> cameBack = Probe.awaitReadiness(funnel, List.of(Service.values()), s -> s == 200,
                    Duration.ofSeconds(90));
            FaultCheck.sleep(4_000);
            load.endPhase("after restart");

            Map<String, Object> details = new LinkedHashMap<>();
            details.put("Kafka down for", downSeconds + " s");
            details.put("health DOWN while Kafka stopped", wentDown);
            details.put("readiness UP after Kafka restart", cameBack);
            readiness("Kafka stopped: DOWN", wentDown);
            readiness("Kafka back: UP", cameBack);
            FaultCheck.verify(funnel, load, FaultReport.KAFKA, "BrokerAndDatabaseFaultIT.kafka_broker_stopped_and_"
                    + "restarted_under_load", details, List.of());
        }
        assertReadiness();
    }

    @Test
    @Order(2)
    void mongodb_restarted_under_load(FunnelProcesses funnel) {
        this.funnel = funnel;
        Map<String, Set<String>> answers = new ConcurrentHashMap<>();
        List<String> wrongAnswers = new ArrayList<>();
        try (SteadyLoad load = SteadyLoad.start(funnel, "fault-mongo-" + UUID.randomUUID().toString().substring(0, 8))) {
            load.beginPhase("before");
            FaultCheck.sleep(4_000);
            load.endPhase("before");

            load.beginPhase("MongoDB down");
            long down = System.nanoTime();
            funnel.stopMongo();
            AtomicBoolean outage = new AtomicBoolean(true);
            List<Thread> probes = new ArrayList<>();
            for (Map.Entry<String, Supplier<Probe.Answer>> endpoint : endpoints(funnel).entrySet()) {
                Thread probe = new Thread(() -> {
                    while (outage.get()) {
                        Probe.Answer answer = endpoint.getValue().get();
                        if (!outage.get()) {
                            break; // the answer may come from after the restart
                        }
                        answers.computeIfAbsent(endpoint.getKey(), k -> new TreeSet<>()).add(answer.toString());
                        if (answer.status() >= 400 && !answer.retryable()) {
                            synchronized (wrongAnswers) {
                                if (wrongAnswers.stream().noneMatch(w -> w.startsWith(endpoint.getKey() + ": "
                                        + answer.status()))) {
                                    wrongAnswers.add(endpoint.getKey() + ": " + answer + " " + answer.body());
                                }
                            }
                        }
                        FaultCheck.sleep(1_000);
                    }
                }, "probe " + endpoint.getKey());
                probe.start();
                probes.add(probe);
            }
            Map<String, String> wentDown = Probe.awaitReadiness(funnel, List.of(Service.values()), s -> s != 200,
                    Duration.ofSeconds(30));
            FaultCheck.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - down) / 1_000_000));
            outage.set(false);
            funnel.startMongo();
            long downSeconds = (System.nanoTime() - down) / 1_000_000_000;
            load.endPhase("MongoDB down");
            probes.forEach(FaultCheck::join);

            load.beginPhase("after restart");
            Map<String, String> cameBack = Probe.awaitReadiness(funnel, List.of(Service.values()), s -> s == 200,
                    Duration.ofSeconds(90));
            FaultCheck.sleep(4_000);
            load.endPhase("after restart");

            Map<String, Object> details = new LinkedHashMap<>();
            details.put("MongoDB down for", downSeconds + " s");
            details.put("webhook answers 503 (all with Retry-After)", load.status503.get());
            details.put("REST answers while MongoDB was down", answers);
            details.put("readiness DOWN while MongoDB stopped", wentDown);
            details.put("readiness UP after MongoDB restart", cameBack);
            readiness("MongoDB stopped: DOWN", wentDown);
            readiness("MongoDB back: UP", cameBack);
            List<String> failures = new ArrayList<>();
            wrongAnswers.forEach(a -> failures.add("REST answer while MongoDB was down, neither 2xx nor 503 with"
                    + " Retry-After: " + a));
            endpoints(funnel).keySet().stream().filter(e -> !answers.containsKey(e))
                    .forEach(e -> failures.add(e + " did not answer during the outage"));
            FaultCheck.verify(funnel, load, FaultReport.MONGO, "BrokerAndDatabaseFaultIT.mongodb_restarted_under_load",
                    details, failures);
        }
        assertReadiness();
    }

    private static final String OPS = TestTokens.forRole("e2e-faults", "sales-ops", "metrics-reader");

    /** One read endpoint per service that needs its database, and lead-service's REST write. */
    private static Map<String, Supplier<Probe.Answer>> endpoints(FunnelProcesses funnel) {
        Duration timeout = Duration.ofSeconds(40);
        Map<String, Supplier<Probe.Answer>> endpoints = new LinkedHashMap<>();
        endpoints.put("lead-service GET /leads", () -> Probe.get(funnel.baseUrl(LEAD) + "/leads?limit=5", OPS,
                timeout));
        String key = "fault-mongo-" + UUID.randomUUID();
        endpoints.put("lead-service POST /leads", () -> Probe.post(funnel.baseUrl(LEAD) + "/leads", OPS,
                "{\"email\":\"" + key + "@probe.example\",\"source\":\"WEBINAR\",\"campaign\":\"fault-mongo-probe\"}",
                Map.of("Idempotency-Key", key), timeout));
        endpoints.put("scoring-service GET /models/active", () -> Probe.get(funnel.baseUrl(SCORING)
                + "/models/active", OPS, timeout));
        endpoints.put("handoff-service GET /definitions/active", () -> Probe.get(funnel.baseUrl(HANDOFF)
                + "/definitions/active", OPS, timeout));
        endpoints.put("metrics-service GET /funnel", () -> Probe.get(funnel.baseUrl(METRICS) + "/funnel", OPS,
                timeout));
        return endpoints;
    }

    private static synchronized void readiness(String what, Map<String, String> observed) {
        READINESS.put(what, observed);
        observed.forEach((service, when) -> {
            if (when.startsWith("not")) {
                READINESS_FAILURES.add(what + ": " + service + " " + when);
            }
        });
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("fault", FaultReport.READINESS);
        record.put("test", "BrokerAndDatabaseFaultIT");
        record.put("load", "the Kafka and MongoDB cases' loads");
        record.putAll(READINESS);
        record.put("note", "a broker outage counts as shown when readiness is DOWN or, for a service that keeps the"
                + " broker out of readiness by design (its API works without it), its /q/health/group/broker is DOWN");
        record.put("lost", 0);
        record.put("doubleCounted", 0);
        record.put("passed", READINESS_FAILURES.isEmpty());
        FaultReport.record(record);
    }

    private static synchronized void assertReadiness() {
        assertThat(READINESS_FAILURES).as("readiness that did not change as its dependency did").isEmpty();
    }
}
