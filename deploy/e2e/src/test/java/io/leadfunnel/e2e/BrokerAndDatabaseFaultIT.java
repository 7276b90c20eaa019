package io.leadfunnel.e2e;

import io.leadfunnel.events.Topics;
import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.testing.FunnelProcesses.Service;
import io.leadfunnel.testing.TestTokens;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
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
 * The infrastructure fails for longer than the limits that guard the consumers (the throttled commit strategy's 60 s
 * age check, the poll interval), under a steady load: the Kafka broker stops and comes back; the MongoDB server stops
 * and comes back on the same port with the same data file. Each engine stops while every consumer group has records
 * on its topics that it has not processed yet (for MongoDB, a topic whose groups had caught up with the load gets its
 * newest event of a type every group stores once more, as a retried send would deliver it, since no service can publish
 * while MongoDB is away). Meanwhile no service process is restarted and liveness stays UP;
 * webhooks answer 2xx while only Kafka is down and 503 with {@code Retry-After} while MongoDB is. Within a minute of
 * the engine's return every lead accepted before and after the outage is stored once, captured once, scored, made MQL
 * and handed off when it qualifies, and counted once by metrics-service.
 */
@ExtendWith(FunnelExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerAndDatabaseFaultIT {

    /** How long each engine stays down; {@code -Dfault.outage=PT30S} shortens it for a quick local try. */
    static final Duration OUTAGE = Duration.parse(System.getProperty("fault.outage", "PT5M"));
    /** Everything accepted before and after an outage is through the funnel within this much of the return. */
    static final Duration RECOVERY = Duration.ofSeconds(60);
    /** Deliveries a second: modest on two cores, and enough to keep records on the topics. */
    private static final double LOAD = 2;
    /** Qualifying leads offered at once just before an engine stops, so that every consumer group has records. */
    private static final int BURST = 40;
    /** Records of the burst on lead.lifecycle (the last topic of the flow) when the engine is stopped. */
    private static final int LIFECYCLE_RECORDS_BEFORE_STOP = 6;
    /** Longer than the throttled commit interval (5 s): what a group has processed is committed by then. */
    private static final long COMMITS_SETTLE_MILLIS = 10_000;

    private static final Map<String, Object> READINESS = new LinkedHashMap<>();
    private static final List<String> READINESS_FAILURES = new ArrayList<>();
    private static final Map<String, LeadReconciliation> CASE_FIGURES = new LinkedHashMap<>();

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
        Map<String, Object> details = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        Map<Service, Long> pids = pids(funnel);
        Map<String, Long> deadLetters = ConsumerLag.deadLetters(funnel);
        long caseStart = System.nanoTime();
        String campaign = "fault-kafka-" + UUID.randomUUID().toString().substring(0, 8);
        try (HealthWatch health = HealthWatch.start(funnel);
                SteadyLoad load = SteadyLoad.start(funnel, campaign, LOAD, OUTAGE.plusMinutes(3))) {
            load.beginPhase("before");
            FaultCheck.sleep(4_000);
            // records on every topic that no group has committed yet when the broker goes
            awaitBurstOnLifecycle(funnel, load);
            Map<String, ConsumerLag.Lag> atStop = awaitLagEverywhere(funnel, Duration.ofSeconds(30));
            details.put("records on the topics not yet committed by each group when Kafka stopped",
                    ConsumerLag.describe(atStop));
            ConsumerLag.idle(atStop).forEach(g -> failures.add("nothing on the topics for " + g
                    + " when Kafka stopped: the outage did not test that consumer"));
            load.endPhase("before");

            load.beginPhase("Kafka down");
            long down = System.nanoTime();
            funnel.stopKafka();
            Duration noticeWithin = OUTAGE.compareTo(Duration.ofSeconds(60)) < 0 ? OUTAGE : Duration.ofSeconds(60);
            Map<String, String> wentDown = Probe.awaitBrokerDown(funnel, List.of(Service.values()), noticeWithin);
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
            long back = System.nanoTime();
            load.endPhase("Kafka down");

            load.beginPhase("after restart");
            Map<String, String> cameBack = Probe.awaitReadiness(funnel, List.of(Service.values()), s -> s == 200,
                    Duration.ofSeconds(90));
            FaultCheck.sleep(Math.max(0, 10_000 - (System.nanoTime() - back) / 1_000_000));
            load.endPhase("after restart");

            Map<String, Integer> answersWhileDown = load.answersByPhase().getOrDefault("Kafka down", Map.of());
            answersWhileDown.forEach((answer, count) -> {
                if (!answer.startsWith("2")) {
                    failures.add(count + " webhook attempts answered " + answer + " while only Kafka was down"
                            + " (the outbox keeps webhooks working)");
                }
            });
            details.put("Kafka down for", (back - down) / 1_000_000_000 + " s");
            details.put("webhook answers while Kafka was down", answersWhileDown);
            details.put("health DOWN while Kafka stopped", wentDown);
            details.put("readiness UP after Kafka restart", cameBack);
            readiness("Kafka stopped: DOWN", wentDown);
            readiness("Kafka back: UP", cameBack);
            FaultCheck.Outcome outcome = finish(funnel, load, health, pids, deadLetters, caseStart, FaultReport.KAFKA,
                    "BrokerAndDatabaseFaultIT.kafka_broker_stopped_and_restarted_under_load", details, failures,
                    new FaultCheck.Recovery("Kafka", back, RECOVERY));
            FaultCheck.assertPassed(load, outcome);
        }
        assertReadiness();
    }

    @Test
    @Order(2)
    void mongodb_restarted_under_load(FunnelProcesses funnel) {
        this.funnel = funnel;
        Map<String, Object> details = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        Map<String, Set<String>> answers = new ConcurrentHashMap<>();
        List<String> wrongAnswers = new ArrayList<>();
        Map<Service, Long> pids = pids(funnel);
        Map<String, Long> deadLetters = ConsumerLag.deadLetters(funnel);
        long caseStart = System.nanoTime();
        String campaign = "fault-mongo-" + UUID.randomUUID().toString().substring(0, 8);
        try (HealthWatch health = HealthWatch.start(funnel);
                SteadyLoad load = SteadyLoad.start(funnel, campaign, LOAD, OUTAGE.plusMinutes(3))) {
            load.beginPhase("before");
            FaultCheck.sleep(4_000);

            // records of the burst on every topic when MongoDB goes; no service can publish while it is away
            awaitBurstOnLifecycle(funnel, load);
            load.endPhase("before");
            load.beginPhase("MongoDB down");
            long down = System.nanoTime();
            funnel.stopMongo();
            Map<String, String> wentDown = Probe.awaitReadiness(funnel, List.of(Service.values()), s -> s != 200,
                    Duration.ofSeconds(30));
            FaultCheck.sleep(Math.max(0, COMMITS_SETTLE_MILLIS - (System.nanoTime() - down) / 1_000_000));
            Map<String, ConsumerLag.Lag> fromTheBurst = ConsumerLag.measure(funnel);
            details.put("records of the load held unprocessed by each group " + COMMITS_SETTLE_MILLIS / 1000
                    + " s into the outage", ConsumerLag.describe(fromTheBurst));
            // A fast group may have processed everything on its topic just before MongoDB went, and nothing new
            // arrives while it is away. Such a topic gets its newest event of a type every group stores once more,
            // as a producer retrying a send whose acknowledgement was lost would deliver it: every group then holds a
            // record it has to look up in MongoDB (to learn that it is a copy) and waits the whole outage on it.
            Map<String, String> redelivered = new LinkedHashMap<>();
            ConsumerLag.idle(fromTheBurst).stream().map(ConsumerLag::topicOf).distinct()
                    .forEach(topic -> redelivered.put(topic, ConsumerLag.redeliverNewest(funnel, topic)));
            Map<String, ConsumerLag.Lag> held = fromTheBurst;
            if (!redelivered.isEmpty()) {
                details.put("event delivered again (a group of its topic had caught up with the load)", redelivered);
                FaultCheck.sleep(COMMITS_SETTLE_MILLIS);
                held = ConsumerLag.measure(funnel);
            }
            ConsumerLag.idle(held).forEach(g -> failures.add("nothing held unprocessed by " + g
                    + " while MongoDB was down: the outage did not test that consumer"));
            details.put("records held unprocessed by each group once every group holds some",
                    ConsumerLag.describe(held));

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
            FaultCheck.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - down) / 1_000_000));
            Map<String, ConsumerLag.Lag> stillHeld = ConsumerLag.measure(funnel);
            outage.set(false);
            long restarting = System.nanoTime(); // MongoDB serves a moment before startMongo returns
            funnel.startMongo();
            long back = System.nanoTime();
            load.endPhase("MongoDB down");
            probes.forEach(FaultCheck::join);

            load.beginPhase("after restart");
            Map<String, String> cameBack = Probe.awaitReadiness(funnel, List.of(Service.values()), s -> s == 200,
                    Duration.ofSeconds(90));
            FaultCheck.sleep(Math.max(0, 10_000 - (System.nanoTime() - back) / 1_000_000));
            load.endPhase("after restart");

            Map<String, Integer> answersWhileDown = load.answersByPhase().getOrDefault("MongoDB down", Map.of());
            answersWhileDown.forEach((answer, count) -> {
                if (!answer.startsWith("2") && !answer.equals("503 with Retry-After")) {
                    failures.add(count + " webhook attempts answered " + answer + " while MongoDB was down"
                            + " (only 503 with Retry-After, or 2xx before it went, may be)");
                }
            });
            failures.addAll(health.readyAgainBetween(down, restarting, "MongoDB"));
            wrongAnswers.forEach(a -> failures.add("REST answer while MongoDB was down, neither 2xx nor 503 with"
                    + " Retry-After: " + a));
            endpoints(funnel).keySet().stream().filter(e -> !answers.containsKey(e))
                    .forEach(e -> failures.add(e + " did not answer during the outage"));

            details.put("MongoDB down for", (back - down) / 1_000_000_000 + " s");
            details.put("records still held by each group when MongoDB came back", ConsumerLag.describe(stillHeld));
            details.put("webhook answers while MongoDB was down", answersWhileDown);
            details.put("REST answers while MongoDB was down", answers);
            details.put("readiness DOWN while MongoDB stopped", wentDown);
            details.put("readiness answers while MongoDB was down", health.readinessBetween(down, restarting));
            details.put("readiness UP after MongoDB restart", cameBack);
            readiness("MongoDB stopped: DOWN", wentDown);
            readiness("MongoDB back: UP", cameBack);
            FaultCheck.Outcome outcome = finish(funnel, load, health, pids, deadLetters, caseStart, FaultReport.MONGO,
                    "BrokerAndDatabaseFaultIT.mongodb_restarted_under_load", details, failures,
                    new FaultCheck.Recovery("MongoDB", back, RECOVERY));
            FaultCheck.assertPassed(load, outcome);
        }
        assertReadiness();
    }

    /**
     * The case's end: liveness UP all along, the same processes as at its start and nothing dead-lettered (an
     * unreachable dependency is no bad record), then the figures ({@link FaultCheck#measure}); the readiness row
     * learns the case's lost and double-counted leads.
     */
    private static FaultCheck.Outcome finish(FunnelProcesses funnel, SteadyLoad load, HealthWatch health,
            Map<Service, Long> pidsBefore, Map<String, Long> deadLettersBefore, long caseStart, String fault,
            String test, Map<String, Object> details, List<String> failures, FaultCheck.Recovery recovery) {
        // checked once the funnel has caught up (or given up): the catching up belongs to the case
        FaultCheck.Outcome outcome = FaultCheck.measure(funnel, load, fault, test, details, failures, recovery, () -> {
            Map<Service, Long> pidsAfter = pids(funnel);
            Map<String, String> processes = new LinkedHashMap<>();
            pidsBefore.forEach((service, pid) -> {
                Long after = pidsAfter.get(service);
                boolean alive = after != null && ProcessHandle.of(after).map(ProcessHandle::isAlive).orElse(false);
                processes.put(service.module(), "pid " + pid + (pid.equals(after) && alive
                        ? ", the same process all along" : " before, " + after + (alive ? "" : " (not running)")
                        + " after"));
                if (!pid.equals(after) || !alive) {
                    failures.add(service.module() + " was restarted or stopped during the case: "
                            + processes.get(service.module()));
                }
            });
            details.put("service processes", processes);
            health.close();
            details.put("liveness answers (every 2 s, whole case)", health.liveness());
            failures.addAll(health.livenessNotUp(caseStart));

            Map<String, Long> deadLettered = new LinkedHashMap<>();
            ConsumerLag.deadLetters(funnel).forEach((topic, count) -> deadLettered.put(topic,
                    count - deadLettersBefore.getOrDefault(topic, 0L)));
            details.put("records dead-lettered during the case", deadLettered);
            deadLettered.forEach((topic, count) -> {
                if (count != 0) {
                    failures.add(count + " records dead-lettered to " + topic + " during the case");
                }
            });
        });
        synchronized (BrokerAndDatabaseFaultIT.class) {
            CASE_FIGURES.put(fault, outcome.figures());
            recordReadiness();
        }
        return outcome;
    }

    /** Offers a burst of qualifying leads and waits until the first of them are on lead.lifecycle. */
    private static void awaitBurstOnLifecycle(FunnelProcesses funnel, SteadyLoad load) {
        try (KafkaConsumer<String, String> lifecycle = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, funnel.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = lifecycle.partitionsFor(Topics.LEAD_LIFECYCLE).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            lifecycle.assign(partitions);
            lifecycle.seekToEnd(partitions);
            partitions.forEach(lifecycle::position); // fix the end before the burst
            load.burst(BURST, true);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            int seen = 0;
            while (seen < LIFECYCLE_RECORDS_BEFORE_STOP) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the burst did not reach lead.lifecycle within 90 s (" + seen
                            + " records)");
                }
                seen += lifecycle.poll(Duration.ofMillis(20)).count();
            }
        }
    }

    /** Waits until every group has records on each of its topics that it has not committed yet. */
    private static Map<String, ConsumerLag.Lag> awaitLagEverywhere(FunnelProcesses funnel, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        Map<String, ConsumerLag.Lag> lags = ConsumerLag.measure(funnel);
        while (!ConsumerLag.idle(lags).isEmpty() && System.nanoTime() < deadline) {
            FaultCheck.sleep(200);
            lags = ConsumerLag.measure(funnel);
        }
        return lags;
    }

    private static Map<Service, Long> pids(FunnelProcesses funnel) {
        Map<Service, Long> pids = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            pids.put(service, funnel.pid(service));
        }
        return pids;
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
    }

    /** The readiness row: what readiness did in the cases so far, with their leads' lost and double counts. */
    private static synchronized void recordReadiness() {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("fault", FaultReport.READINESS);
        record.put("test", "BrokerAndDatabaseFaultIT");
        record.put("load", "the Kafka and MongoDB cases' loads");
        record.putAll(READINESS);
        record.put("note", "a broker outage counts as shown when readiness is DOWN or, for a service that keeps the"
                + " broker out of readiness by design (its API works without it), its /q/health/group/broker is DOWN");
        record.put(FaultReport.SAME_LEADS_AS, List.copyOf(CASE_FIGURES.keySet()));
        record.put("lost", CASE_FIGURES.values().stream().mapToInt(LeadReconciliation::lost).sum());
        record.put("doubleCounted", CASE_FIGURES.values().stream().mapToInt(LeadReconciliation::doubleCounted).sum());
        record.put("passed", READINESS_FAILURES.isEmpty());
        FaultReport.record(record);
    }

    private static synchronized void assertReadiness() {
        assertThat(READINESS_FAILURES).as("readiness that did not change as its dependency did").isEmpty();
    }
}
