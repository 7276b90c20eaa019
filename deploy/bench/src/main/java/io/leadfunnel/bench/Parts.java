package io.leadfunnel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.Stage;
import io.leadfunnel.events.Topics;
import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.testing.FunnelProcesses.Service;
import io.leadfunnel.testing.TestTokens;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** The parts that run against the whole funnel: baselines, webhook ingest, end-to-end latency, cost. */
final class Parts {

    static final double P99_LIMIT_MS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FunnelProcesses funnel;
    private final Sizes sizes;
    private final Report report;
    private final Path work;
    private final Map<String, Double> idleRss;
    private final OpenLoad load = new OpenLoad();
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    Parts(FunnelProcesses funnel, Sizes sizes, Report report, Path work, Map<String, Double> idleRss) {
        this.funnel = funnel;
        this.sizes = sizes;
        this.report = report;
        this.work = work;
        this.idleRss = idleRss;
    }

    Map<String, Long> servicePids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (Service s : Service.values()) {
            try {
                pids.put(s.module(), funnel.pid(s));
            } catch (IllegalStateException e) {
                // killed in this run
            }
        }
        return pids;
    }

    // -------------------------------------------------------------------------------------------------- baseline

    String baseline() {
        Baselines baselines = new Baselines(funnel.kafkaBootstrapServers(), funnel.mongoConnectionString());
        Stats http = load.roundTrips(funnel.managementUrl(Service.METRICS) + "/q/health/live", 300);
        http = load.roundTrips(funnel.managementUrl(Service.METRICS) + "/q/health/live", 500);
        report.add(Figure.of("baseline", "HTTP round trip p50", http.p50(), "ms",
                "GET /q/health/live of metrics-service, one at a time, after 300 warm-up requests"));
        report.add(Figure.of("baseline", "HTTP round trip p99", http.p99(), "ms", null));
        Bench.log("baseline: Kafka rates");
        baselines.kafkaRates(report, sizes.kafkaRecords());
        Stats hop = baselines.kafkaHopLatency(200, sizes.hopSeconds());
        report.add(Figure.of("baseline", "Kafka hop latency p50", hop.p50(), "ms",
                "one 1 KiB record produced (acks=all) to consumed, 200 records/s, " + hop.count() + " records"));
        report.add(Figure.of("baseline", "Kafka hop latency p99", hop.p99(), "ms", null));
        report.add(Figure.of("baseline", "Kafka hop latency p99.9", hop.p999(), "ms", null));
        Bench.log("baseline: MongoDB rates");
        baselines.mongoRates(report, sizes.mongoSeconds(), sizes.mongoBatched(), funnel.localStackPid());
        return "same broker and database as the services";
    }

    // -------------------------------------------------------------------------------------------------- profile

    /**
     * Where the time goes: one e2e step at 200 leads/s under a flight recording of the four services and of the local
     * stack, with their hot spots in the report. The measured parts run without a recording, since one costs each
     * process memory and CPU that their figures are not meant to hold: in lead-service during the e2e part, the
     * recorder's buffers alone were 55 MiB of native memory (Native Memory Tracking, category "Tracing").
     */
    String profile() {
        return profiled("e2e at 200 leads/s", () -> {
            try (Lag quiet = lag()) {
                if (!quiet.awaitDrained(Duration.ofSeconds((long) sizes.e2eWaitSeconds()))) {
                    report.note("the profile started with the services still behind on the topics");
                }
            }
            Step step = step("prof200", 200, sizes.e2eSecondsAt200(), false, sizes.e2eWaitSeconds());
            String cpu = Report.number(step.cpuSeconds() / step.leads() * 1000);
            String local = Report.number(step.localStackCpu() / step.leads() * 1000);
            Bench.log(String.format("profile at 200 leads/s: %d accepted, %d hand-offs; %s CPU ms per lead in the "
                            + "services and %s in the local stack, recording; %s", step.accepted().size(),
                    step.handoff().size(), cpu, local, step.hops()));
            return "200 leads/s for " + Report.number(sizes.e2eSecondsAt200()) + " s under a recording: "
                    + step.counts() + "; " + cpu + " CPU ms per lead in the services and " + local
                    + " in the local stack while recording; peak resident memory while recording " + step.peak();
        });
    }

    /**
     * Runs a part with a flight recording of the four services and of the local stack, and adds their hot spots to
     * the report under "during {@code during}".
     */
    private String profiled(String during, java.util.function.Supplier<String> part) {
        Path recordings = work.resolve("jfr-" + runId + "-" + during.replaceAll("[^a-z0-9]+", "-"));
        Map<String, Long> profiled = new LinkedHashMap<>(servicePids());
        profiled.put("local-stack (Kafka and MongoDB)", funnel.localStackPid());
        profiled.values().forEach(Jfr::start);
        try {
            return part.get();
        } finally {
            for (var e : profiled.entrySet()) {
                Path file = recordings.resolve(e.getKey().replaceAll("[^a-z-]", "") + ".jfr");
                try {
                    java.nio.file.Files.createDirectories(recordings);
                    Jfr.stop(e.getValue(), file);
                    report.hotSpots(e.getKey() + " during " + during, Jfr.summary(file, 12));
                } catch (Exception ex) {
                    report.note("JFR of " + e.getKey() + " during " + during + " failed: " + ex.getMessage());
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- ingest

    String ingest() {
        Map<String, Long> pids = servicePids();
        StringBuilder note = new StringBuilder();
        try (Machine.Sampler sampler = new Machine.Sampler(pids); Lag lag = lag()) {
            Deliveries deliveries = Deliveries.of(funnel, "ing-" + runId);
            AtomicLong next = new AtomicLong();
            double bestSingle = 0;
            for (double rate : sizes.singleRates()) {
                Schedule schedule = Schedule.of(rate, sizes.stepSeconds());
                OpenLoad.Result r = load.run(schedule,
                        i -> deliveries.request(deliveries.lead(next.getAndIncrement(), "bench-ingest")), null);
                boolean ok = r.sustained(P99_LIMIT_MS);
                stepFigure("single", rate, 1, r, ok);
                double drained = drain(lag);
                note.append("single ").append(Report.number(rate)).append("/s, backlog drained in ")
                        .append(Report.number(drained)).append(" s; ");
                if (!ok) {
                    break;
                }
                bestSingle = rate;
            }
            double bestBatch = 0;
            for (double rate : sizes.batchRates()) {
                Schedule schedule = Schedule.of(rate / 100, Math.max(sizes.stepSeconds(), 1000 / rate * 10));
                OpenLoad.Result r = load.run(schedule,
                        i -> deliveries.request(deliveries.batch(next.getAndAdd(100), 100, "bench-ingest")), null);
                boolean ok = r.sustained(P99_LIMIT_MS);
                stepFigure("100-lead batches", rate, 100, r, ok);
                if (!ok) {
                    break; // the last step: its backlog is left to the services
                }
                bestBatch = rate;
                double drained = drain(lag);
                note.append("batches ").append(Report.number(rate)).append(" leads/s, backlog drained in ")
                        .append(Report.number(drained)).append(" s; ");
            }
            double mongoInsert = report.value("baseline", "MongoDB single-document insert rate");
            double mongoBatched = report.value("baseline", "MongoDB batched insert rate");
            report.add(Figure.of("ingest", "ingest, single deliveries, highest sustained rate", bestSingle, "leads/s",
                    "highest step with p99 < 100 ms from the intended send time, no error, rate kept; steps of "
                            + Report.number(sizes.stepSeconds()) + " s; the whole funnel running, scoring-, "
                            + "handoff- and metrics-service at niceness " + FunnelProcesses.CONSUMER_NICENESS)
                    .against("MongoDB single-document insert rate", mongoInsert).target(1000, true));
            report.add(Figure.of("ingest", "ingest, 100-lead batches, highest sustained rate", bestBatch, "leads/s",
                    "same rule, deliveries of 100 leads")
                    .against("MongoDB batched insert rate", mongoBatched).target(3000, true));
            rss(sampler, "ingest");
            report.add(Figure.of("ingest", "CPU of the four services during ingest",
                    sampler.cpuSince().values().stream().mapToDouble(Double::doubleValue).sum(), "CPU s",
                    "user + system, all ingest steps and drains"));
        }
        return note.toString();
    }

    private void stepFigure(String kind, double rate, int perDelivery, OpenLoad.Result r, boolean ok) {
        Bench.log(String.format("ingest %s %.0f leads/s: p50 %.1f ms p99 %.1f ms, ok %d failed %d timed out %d%s",
                kind, rate, r.latency().p50(), r.latency().p99(), r.ok(), r.failed(), r.timedOut(),
                r.firstFailure() == null ? "" : " (" + r.firstFailure() + ")"));
        double http = report.value("baseline", "HTTP round trip p99");
        report.add(Figure.of("ingest", "ingest, " + kind + " at " + Report.number(rate) + " leads/s: p99",
                r.latency().p99(), "ms", String.format("p50 %s ms, p99.9 %s ms, max %s ms; %d deliveries answered 2xx, "
                                + "%d failed, %d timed out; achieved %s leads/s; %s", Report.number(r.latency().p50()),
                        Report.number(r.latency().p999()), Report.number(r.latency().max()), r.ok(), r.failed(),
                        r.timedOut(), Report.number(r.achievedPerSecond() * perDelivery),
                        ok ? "sustained" : "not sustained" + (r.firstFailure() == null ? "" : ": " + r.firstFailure())))
                .against("HTTP round trip p99", http));
    }

    /** Consumer-group lag on the funnel topics and the backlog of the three services that publish through a relay. */
    private Lag lag() {
        return new Lag(funnel.kafkaBootstrapServers(), List.of(funnel.managementUrl(Service.LEAD),
                funnel.managementUrl(Service.SCORING), funnel.managementUrl(Service.HANDOFF)));
    }

    /** Waits until every service caught up with the topics and published what it stored; the seconds it took. */
    private double drain(Lag lag) {
        long start = System.nanoTime();
        if (!lag.awaitDrained(Duration.ofSeconds((long) sizes.drainSeconds()))) {
            Bench.log("not drained within " + sizes.drainSeconds() + " s; going on");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private void rss(Machine.Sampler sampler, String during) {
        sampler.peakRss().forEach((service, peak) -> report.add(Figure.of(during,
                        "peak resident memory of " + service + " during " + during, peak, "MiB",
                        "VmRSS sampled every 0.5 s; baseline = the same process idle after start; "
                                + String.join(" ", Bench.SERVICE_JVM))
                .against(service + " idle after start", idleRss.getOrDefault(service, Double.NaN))
                .target(300, false)));
    }

    // -------------------------------------------------------------------------------------------------- warm-up

    /**
     * Signed single-lead deliveries at a moderate rate through the whole funnel, measured by nothing: each service's
     * JIT compiler compiles its hot paths here (some 10,000 methods per service, most of a core for minutes on this
     * machine), so the parts after it measure the running funnel rather than its first minutes. The services' JIT
     * work during every part is in the report's hot spots.
     */
    String warmUp() {
        Step step = step("warmup", sizes.warmUpRate(), sizes.warmUpSeconds(), false, sizes.e2eWaitSeconds());
        Bench.log(String.format("warm-up: %d accepted, %d hand-offs; %s", step.accepted().size(),
                step.handoff().size(), step.hops()));
        return Report.number(sizes.warmUpRate()) + " leads/s for " + Report.number(sizes.warmUpSeconds()) + " s, not "
                + "measured: " + step.counts();
    }

    // ------------------------------------------------------------------------------------------------------ e2e

    String endToEnd() {
        StringBuilder note = new StringBuilder();
        for (double rate : List.of(200d, 1000d)) {
            note.append(endToEnd(rate, rate == 200 ? sizes.e2eSecondsAt200() : sizes.e2eSecondsAt1000()));
        }
        return note.toString();
    }

    private String endToEnd(double rate, double seconds) {
        String tag = "at " + Report.number(rate) + " leads/s";
        try (Lag quiet = lag()) {
            if (!quiet.awaitDrained(Duration.ofSeconds((long) sizes.e2eWaitSeconds()))) {
                report.note("e2e " + tag + " started with the services still behind on the topics");
            }
        }
        Step step = step("e2e" + (long) rate, rate, seconds, true, sizes.e2eWaitSeconds());
        OpenLoad.Result r = step.load();
        Bench.log(String.format("e2e %s: %d accepted, %d MQL, %d hand-offs, metrics counted %d; webhook p99 %.1f ms; %s",
                tag, step.accepted().size(), step.mql().size(), step.handoff().size(), counted(step.polls()),
                r.latency().p99(), step.hops()));

        boolean at200 = rate == 200;
        double hopP99 = report.value("baseline", "Kafka hop latency p99");
        Stats toMql = between(step.accepted(), step.mql());
        Stats toHandoff = between(step.accepted(), step.handoff());
        Stats toMetrics = metricsLatency(step.acceptedTimes(), step.polls());
        String counts = step.counts();
        report.add(Figure.of("e2e", "webhook answer p99 " + tag, r.latency().p99(), "ms",
                "from the intended send time; p50 " + Report.number(r.latency().p50()) + " ms; " + r.failed()
                        + " failed").against("HTTP round trip p99", report.value("baseline", "HTTP round trip p99")));
        latencyFigures("webhook accepted to MQL on lead.lifecycle " + tag, toMql, hopP99, counts, Double.NaN);
        latencyFigures("webhook accepted to HandoffAssigned " + tag, toHandoff, hopP99, counts,
                at200 ? 500 : Double.NaN);
        latencyFigures("webhook accepted to metrics-service /funnel counting the lead " + tag, toMetrics, hopP99,
                "polled every 200 ms with from=start of the step; the k-th accepted lead is reflected when the LEAD "
                        + "count first reaches k (resolution: one poll)", at200 ? 2000 : Double.NaN);

        Map<String, Double> cpu = step.cpu();
        Map<String, Double> commands = step.commands();
        double leads = step.leads();
        double services = step.cpuSeconds();
        report.add(Figure.of("cost", "CPU seconds per 1000 leads end to end " + tag, services / leads * 1000, "CPU s",
                "user + system of the four services from the first send until every hand-off and the metrics had "
                        + "caught up (" + Report.number(step.drainSeconds()) + " s after the last send); per service: "
                        + perService(cpu, leads))
                .against("MongoDB server CPU per 1000 inserts",
                        report.value("baseline", "MongoDB server CPU per 1000 inserts")));
        report.add(Figure.of("cost", "CPU milliseconds per lead in the services " + tag, services / leads * 1000,
                "CPU ms", "the same measurement per lead: user + system of the four services until they caught up; "
                        + "per service: " + perService(cpu, leads))
                .against("MongoDB server CPU per 1000 inserts",
                        report.value("baseline", "MongoDB server CPU per 1000 inserts"))
                .target(5, false));
        report.add(Figure.of("cost", "CPU milliseconds per lead in the local stack (Kafka and MongoDB) " + tag,
                step.localStackCpu() / leads * 1000, "CPU ms", "user + system of the local stack's process over the "
                        + "same interval: the embedded broker and database engine every service talks to; on this "
                        + "machine they share the two cores with the services")
                .against("MongoDB server CPU per 1000 inserts",
                        report.value("baseline", "MongoDB server CPU per 1000 inserts")));
        report.add(Figure.of("cost", "CPU milliseconds per lead in the benchmark's own process " + tag,
                step.benchCpu() / leads * 1000, "CPU ms", "user + system of this process over the same interval: "
                        + "the load generator, the readers of the topics and the metrics poller"));
        report.add(Figure.of("cost", "busy share of the machine's cores " + tag, step.machine().busyPercent(), "%",
                "/proc/stat over the same interval, every process: " + step.machineUse()));
        double sent = commands.values().stream().mapToDouble(Double::doubleValue).sum();
        report.add(Figure.of("cost", "MongoDB commands per lead across the four services " + tag, sent / leads,
                "commands", "counted by the MongoDB driver's command listener in each service (" + MongoCommands.SERIES
                        + ") from the first send until they caught up, background passes included; per service: "
                        + perLead(commands, leads))
                .target(15, false));
        commands.forEach((service, count) -> report.add(Figure.of("cost",
                "MongoDB commands per lead, " + service + " " + tag, count / leads, "commands",
                "the driver's command listener of " + service + ", same interval")));
        step.peak().forEach((service, mib) -> {
            Figure figure = Figure.of("cost", "peak resident memory of " + service + " " + tag, mib, "MiB",
                            "VmRSS sampled every 0.5 s; " + String.join(" ", Bench.SERVICE_JVM))
                    .against(service + " idle after start", idleRss.getOrDefault(service, Double.NaN));
            report.add(at200 ? figure.target(300, false) : figure);
        });
        return tag + ": " + counts + "; ";
    }

    // ------------------------------------------------------------------------------------------------- capacity

    /** The hand-off latency a capacity step must keep at p99. */
    static final double CAPACITY_P99_LIMIT_MS = 1000;

    /**
     * The highest arrival rate the whole funnel carries: steps of rising rates of signed single-lead deliveries (the
     * e2e part's measurement), each sustained when every delivery was accepted at the rate, every lead was handed off
     * and webhook accepted to {@code HandoffAssigned} stayed under {@link #CAPACITY_P99_LIMIT_MS} at p99. The first
     * step that is not ends the series; between steps the bench waits (bounded) until the services caught up.
     */
    String capacity() {
        StringBuilder note = new StringBuilder();
        double best = 0;
        double hopP99 = report.value("baseline", "Kafka hop latency p99");
        String steps = Report.number(sizes.capacityStepSeconds()) + " s steps"
                + (sizes.capacityStepSeconds() < 60 ? " (--quick: shorter than the 60 s of the definition)" : "");
        for (double rate : sizes.capacityRates()) {
            String tag = "at " + Report.number(rate) + " leads/s";
            double caughtUp;
            try (Lag lag = lag()) {
                caughtUp = drain(lag);
            }
            Step step = step("cap" + (long) rate, rate, sizes.capacityStepSeconds(), false,
                    sizes.capacityWaitSeconds());
            OpenLoad.Result r = step.load();
            long missing = step.accepted().size() - step.accepted().keySet().stream()
                    .filter(step.handoff()::containsKey).count();
            Stats toHandoff = towardsHandoff(step.accepted(), step.handoff(), step.waitEndMillis());
            boolean ok = r.failed() == 0 && r.timedOut() == 0 && r.achievedPerSecond() >= rate * 0.95
                    && missing == 0 && toHandoff.p99() < CAPACITY_P99_LIMIT_MS;
            Bench.log(String.format("capacity %s: %d accepted, %d failed, %d hand-offs (%d missing); hand-off p99 "
                            + "%.1f ms; webhook p99 %.1f ms; %s; %s", tag, step.accepted().size(), r.failed(),
                    step.handoff().size(), missing, toHandoff.p99(), r.latency().p99(),
                    ok ? "sustained" : "not sustained", step.hops()));
            report.add(Figure.of("capacity", "capacity step " + tag + ": webhook accepted to HandoffAssigned p99",
                            toHandoff.p99(), "ms", String.format("%s; p50 %s ms, p99.9 %s ms%s; %s; webhook answer p99 "
                                    + "%s ms, %d failed, %d timed out, achieved %s leads/s; %s CPU ms per lead in "
                                    + "the services and %s in the local stack; %s; "
                                    + "%s s waited before the step for the services to catch up; %s; %s", steps,
                            Report.number(toHandoff.p50()), Report.number(toHandoff.p999()),
                            missing == 0 ? "" : "; " + missing + " leads without a hand-off when the wait ended ("
                                    + Report.number(sizes.capacityWaitSeconds()) + " s after the last answer, then "
                                    + "up to 30 s for the topics), counted with the time waited (a lower bound)",
                            step.counts(), Report.number(r.latency().p99()), r.failed(), r.timedOut(),
                            Report.number(r.achievedPerSecond()),
                            Report.number(step.cpuSeconds() / step.leads() * 1000),
                            Report.number(step.localStackCpu() / step.leads() * 1000), step.machineUse(),
                            Report.number(caughtUp),
                            step.hops(), ok ? "sustained" : "not sustained"))
                    .against("Kafka hop latency p99", hopP99));
            note.append(Report.number(rate)).append("/s ").append(ok ? "sustained" : "not sustained")
                    .append(" (p99 ").append(Report.number(toHandoff.p99())).append(" ms); ");
            if (!ok) {
                break;
            }
            best = rate;
        }
        report.add(Figure.of("capacity", "capacity: highest arrival rate with webhook accepted to HandoffAssigned "
                                + "p99 < 1 s", best, "leads/s",
                        "open model, signed single-lead deliveries of leads that are scored, made MQL and handed off; "
                                + steps + " of " + sizes.capacityRates().stream().map(Report::number).toList()
                                + " leads/s; a step is sustained when every delivery got a 2xx at 95 % of the rate, "
                                + "every lead was handed off and p99 < 1 s; the first step that is not ends the "
                                + "series (0: not even the first step)")
                .against("MongoDB single-document insert rate",
                        report.value("baseline", "MongoDB single-document insert rate"))
                .target(300, true));
        if (sizes.capacityStepSeconds() < 60) {
            report.note("capacity was measured with " + Report.number(sizes.capacityStepSeconds())
                    + " s steps (--quick); the definition asks for 60 s steps, run the full suite for the figure");
        }
        try (Lag lag = lag()) {
            note.append("backlog of the last step drained in ").append(Report.number(drain(lag))).append(" s");
        }
        return note.toString();
    }

    /** Hand-off latencies of the accepted leads; a lead still without one counts with the time waited for it. */
    static Stats towardsHandoff(Map<String, Long> accepted, Map<String, Long> handoff, long waitEndMillis) {
        Histogram histogram = Stats.histogram();
        accepted.forEach((lead, at) -> {
            Long then = handoff.get(lead);
            Stats.record(histogram, Math.max(0, (then == null ? waitEndMillis : then) - at) * 1000);
        });
        return Stats.of(histogram);
    }

    // ------------------------------------------------------------------------------------------ one measured step

    /**
     * What one step of signed single-lead deliveries at a fixed rate measured: the webhook answers, when each lead was
     * accepted, made MQL and handed off (lifecycle record timestamps), the metrics polls, and the services' CPU, peak
     * resident memory and MongoDB commands from the first send until they caught up.
     */
    record Step(OpenLoad.Result load, Map<String, Long> accepted, List<Long> acceptedTimes, Map<String, Long> captured,
                Map<String, Long> scored, Map<String, Long> mql, Map<String, Long> handoff, List<long[]> polls, Map<String, Double> cpu, Map<String, Double> peak,
                Map<String, Double> commands, double localStackCpu, double benchCpu, Machine.CpuTimes machine,
                double drainSeconds, long waitEndMillis) {

        double leads() {
            return Math.max(1, accepted.size());
        }

        double cpuSeconds() {
            return cpu.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /**
         * How busy the machine's cores were over the step, and who used them: the services, the local stack, this
         * benchmark's own process, and every other process (what is left of the busy time).
         */
        String machineUse() {
            double others = machine.busy() - cpuSeconds() - localStackCpu - benchCpu;
            return "the machine's " + Runtime.getRuntime().availableProcessors() + " cores "
                    + Report.number(machine.busyPercent()) + " % busy (services " + Report.number(cpuSeconds())
                    + ", local stack " + Report.number(localStackCpu) + ", benchmark " + Report.number(benchCpu)
                    + ", other processes " + Report.number(others) + " CPU s), " + Report.number(machine.stealPercent())
                    + " % stolen";
        }

        String counts() {
            return accepted.size() + " leads accepted, " + mql.size() + " MQL and " + handoff.size()
                    + " hand-offs seen";
        }

        /**
         * Where the time to a hand-off goes, hop by hop, from the record timestamps of each lead's first
         * {@code LeadCaptured} on lead.events, first {@code LeadScored} on lead.scores and its MQL and hand-off on
         * lead.lifecycle (p50 / p99 in ms).
         */
        String hops() {
            return "accepted to LeadCaptured " + pair(between(accepted, captured))
                    + ", to LeadScored " + pair(between(captured, scored))
                    + ", to MQL " + pair(between(scored, mql))
                    + ", to HandoffAssigned " + pair(between(mql, handoff)) + " (p50 / p99 ms per hop)";
        }

        private static String pair(Stats stats) {
            return Report.number(stats.p50()) + " / " + Report.number(stats.p99());
        }
    }

    /**
     * Sends {@code rate} leads/s for {@code seconds} (open model), then waits at most {@code waitSeconds} until every
     * accepted lead was handed off and, with {@code withMetrics}, counted by metrics-service.
     */
    private Step step(String label, double rate, double seconds, boolean withMetrics, double waitSeconds) {
        Map<String, Long> pids = servicePids();
        Deliveries deliveries = Deliveries.of(funnel, label + "-" + runId);
        Map<String, Long> accepted = new ConcurrentHashMap<>();
        List<Long> acceptedTimes = Collections.synchronizedList(new ArrayList<>());
        Map<String, Long> captured = new ConcurrentHashMap<>();
        Map<String, Long> scored = new ConcurrentHashMap<>();
        Map<String, Long> mql = new ConcurrentHashMap<>();
        Map<String, Long> handoff = new ConcurrentHashMap<>();
        List<long[]> polls = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        Instant from = Instant.now().minusSeconds(1);
        Thread reader = trailReader(captured, scored, mql, handoff, stop);
        Thread poller = withMetrics ? metricsPoller(from, "bench-" + label, polls, stop) : null;
        Map<String, Double> commandsBefore = MongoCommands.sent(funnel);
        double localStackCpuBefore = Machine.cpuSeconds(funnel.localStackPid());
        double benchCpuBefore = Machine.ownCpuSeconds();
        Machine.CpuTimes machineBefore = Machine.machineCpu();
        try (Machine.Sampler sampler = new Machine.Sampler(pids); Lag lag = lag()) {
            OpenLoad.Result r = load.run(Schedule.of(rate, seconds),
                    i -> deliveries.request(deliveries.lead(i, "bench-" + label)),
                    (i, intended, answered, body) -> {
                        long now = System.currentTimeMillis();
                        String lead = leadId(body);
                        if (lead != null) {
                            accepted.put(lead, now);
                            acceptedTimes.add(now);
                        }
                    });
            long sendEnd = System.nanoTime();
            long deadline = sendEnd + (long) (waitSeconds * 1e9);
            while (System.nanoTime() < deadline && (handoff.size() < accepted.size()
                    || (withMetrics && counted(polls) < accepted.size()))) {
                Lag.sleep(250);
            }
            double drainSeconds = (System.nanoTime() - sendEnd) / 1e9;
            lag.awaitDrained(Duration.ofSeconds(30));
            Step step = new Step(r, accepted, acceptedTimes, captured, scored, mql, handoff, polls, sampler.cpuSince(),
                    sampler.peakRss(), MongoCommands.between(commandsBefore, MongoCommands.sent(funnel)),
                    Machine.cpuSeconds(funnel.localStackPid()) - localStackCpuBefore,
                    Machine.ownCpuSeconds() - benchCpuBefore, Machine.machineCpu().since(machineBefore), drainSeconds,
                    System.currentTimeMillis());
            // the reader stops here: a hand-off it has not seen by now counts with the time waited for it
            stop.set(true);
            return step;
        } finally {
            stop.set(true);
            join(reader);
            if (poller != null) {
                join(poller);
            }
        }
    }

    private static String perLead(Map<String, Double> counts, double leads) {
        StringBuilder text = new StringBuilder();
        counts.forEach((s, c) -> text.append(s).append(' ').append(Report.number(c / leads)).append(", "));
        return text.length() > 2 ? text.substring(0, text.length() - 2) : "";
    }

    private static String perService(Map<String, Double> cpu, double leads) {
        StringBuilder text = new StringBuilder();
        cpu.forEach((s, c) -> text.append(s).append(' ').append(Report.number(c / leads * 1000)).append(", "));
        return text.length() > 2 ? text.substring(0, text.length() - 2) : "";
    }

    private void latencyFigures(String name, Stats stats, double hopP99, String note, double p99Target) {
        report.add(Figure.of("e2e", name + ": p50", stats.p50(), "ms", note)
                .against("Kafka hop latency p50", report.value("baseline", "Kafka hop latency p50")));
        Figure p99 = Figure.of("e2e", name + ": p99", stats.p99(), "ms", stats.count() + " leads measured")
                .against("Kafka hop latency p99", hopP99);
        report.add(Double.isNaN(p99Target) ? p99 : p99.target(p99Target, false));
        report.add(Figure.of("e2e", name + ": p99.9", stats.p999(), "ms", "max " + Report.number(stats.max()) + " ms")
                .against("Kafka hop latency p99.9", report.value("baseline", "Kafka hop latency p99.9")));
    }

    private static Stats between(Map<String, Long> accepted, Map<String, Long> later) {
        Histogram histogram = Stats.histogram();
        accepted.forEach((lead, at) -> {
            Long then = later.get(lead);
            if (then != null) {
                Stats.record(histogram, Math.max(0, then - at) * 1000);
            }
        });
        return Stats.of(histogram);
    }

    /** Matches the k-th accepted lead with the first poll that counted at least k leads. */
    static Stats metricsLatency(List<Long> acceptedTimes, List<long[]> polls) {
        List<Long> times;
        synchronized (acceptedTimes) {
            times = new ArrayList<>(acceptedTimes);
        }
        Collections.sort(times);
        List<long[]> seen;
        synchronized (polls) {
            seen = new ArrayList<>(polls);
        }
        Histogram histogram = Stats.histogram();
        int p = 0;
        for (int k = 0; k < times.size(); k++) {
            while (p < seen.size() && seen.get(p)[1] < k + 1) {
                p++;
            }
            if (p == seen.size()) {
                break;
            }
            Stats.record(histogram, Math.max(0, seen.get(p)[0] - times.get(k)) * 1000);
        }
        return Stats.of(histogram);
    }

    private static long counted(List<long[]> polls) {
        synchronized (polls) {
            return polls.isEmpty() ? 0 : polls.get(polls.size() - 1)[1];
        }
    }

    /**
     * Reads lead.events, lead.scores and lead.lifecycle from their ends and keeps, per lead, the record timestamp of
     * its first capture, first score, MQL and hand-off.
     */
    private Thread trailReader(Map<String, Long> captured, Map<String, Long> scored, Map<String, Long> mql,
                               Map<String, Long> handoff, AtomicBoolean stop) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Baselines.consumerProperties(funnel.kafkaBootstrapServers()), new StringDeserializer(),
                new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.LEAD_EVENTS, Topics.LEAD_SCORES, Topics.LEAD_LIFECYCLE)) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        Thread thread = new Thread(() -> {
            try (consumer) {
                while (!stop.get()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        FunnelEvent event;
                        try {
                            event = FunnelJson.read(record.value());
                        } catch (RuntimeException e) {
                            continue;
                        }
                        if (event instanceof LeadCaptured) {
                            captured.putIfAbsent(event.leadId(), record.timestamp());
                        } else if (event instanceof LeadScored) {
                            scored.putIfAbsent(event.leadId(), record.timestamp());
                        } else if (event instanceof LeadStageChanged c && c.to() == Stage.MQL) {
                            mql.putIfAbsent(event.leadId(), record.timestamp());
                        } else if (event instanceof HandoffAssigned) {
                            handoff.putIfAbsent(event.leadId(), record.timestamp());
                        }
                    }
                }
            }
        }, "trail-reader");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Polls metrics-service's count of the step's leads: the leads of its campaign captured since the UTC day the step
     * started (reports count whole days), so leads of other steps still on their way are not counted.
     */
    private Thread metricsPoller(Instant from, String campaign, List<long[]> polls, AtomicBoolean stop) {
        HttpClient client = HttpClient.newHttpClient();
        String token = TestTokens.forRole("bench", "metrics-reader");
        URI uri = URI.create(funnel.baseUrl(Service.METRICS) + "/funnel?groupBy=campaign&from="
                + from.atZone(ZoneOffset.UTC).toLocalDate());
        Thread thread = new Thread(() -> {
            while (!stop.get()) {
                try {
                    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
                            .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    long now = System.currentTimeMillis();
                    if (response.statusCode() == 200) {
                        long count = 0;
                        for (JsonNode group : JSON.readTree(response.body()).path("groups")) {
                            JsonNode stages = group.path("stages");
                            if (campaign.equals(group.path("value").asText()) && stages.size() > 0) {
                                count = stages.get(0).path("reached").asLong();
                            }
                        }
                        polls.add(new long[] {now, count});
                    }
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    Lag.sleep(200);
                }
            }
        }, "metrics-poller");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String leadId(String body) {
        try {
            JsonNode leads = JSON.readTree(body).path("leads");
            return leads.isArray() && leads.size() > 0 ? leads.get(0).asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
