package io.leadfunnel.bench;

import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.testing.FunnelProcesses.Service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The benchmark suite: starts the funnel as real processes on the local stack, runs every part and writes the report.
 * Usage: {@code Bench [--quick] [--only PART[,PART...]] [--root DIR] [--out DIR]}; parts: baseline, ingest, e2e,
 * capacity, profile, queries, rebuild.
 */
public final class Bench {

    /** The parts, in run order. */
    static final List<String> PARTS = List.of("baseline", "ingest", "e2e", "capacity", "profile", "queries",
            "rebuild");

    /**
     * The options of {@code BENCH_SERVICES_JVM}, if set, which the services get after their own (to measure another
     * setting without changing the code).
     */
    static final List<String> SERVICE_JVM_EXTRA = withEnvironment(List.of(), "BENCH_SERVICES_JVM");
    /**
     * JVM options of the services in the benchmark, as reported: those {@link FunnelProcesses} starts every service
     * with, the same as deploy/local/run and the manifests ({@link FunnelProcesses#SERVICE_JVM}; deploy/README.md,
     * Memory), then {@link #SERVICE_JVM_EXTRA}, which win.
     */
    static final List<String> SERVICE_JVM = withEnvironment(FunnelProcesses.SERVICE_JVM, "BENCH_SERVICES_JVM");
    /**
     * The local engine materialises a whole collection for a full scan (1,000,000 leads: a few GiB); C1 only, as the
     * services and deploy/local/run; then the options of {@code BENCH_LOCAL_STACK_JVM}, if set, which win.
     */
    static final List<String> LOCAL_STACK_JVM = withEnvironment(List.of("-Xmx4g", "-XX:TieredStopAtLevel=1"),
            "BENCH_LOCAL_STACK_JVM");
    /** For the queries and the rebuild, which scan a million leads for minutes: full JIT compilation, as metrics-service. */
    static final List<String> LOCAL_STACK_JVM_LARGE = List.of("-Xmx4g", "-XX:TieredStopAtLevel=4");

    private final Sizes sizes;
    private final Set<String> only;
    private final Path root;
    private final Path work;
    private final Report report;

    Bench(Sizes sizes, Set<String> only, Path root, Path work, Report report) {
        this.sizes = sizes;
        this.only = only;
        this.root = root;
        this.work = work;
        this.report = report;
    }

    public static void main(String[] args) {
        boolean quick = false;
        Set<String> only = Set.copyOf(PARTS);
        Path root = Path.of(System.getProperty("funnel.root", ".")).toAbsolutePath().normalize();
        Path out = null;
        double factsBudgetMinutes = Double.NaN;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--only" -> {
                    Set<String> parts = new java.util.LinkedHashSet<>();
                    for (String part : args[++i].split(",")) {
                        if (!PARTS.contains(part.trim())) {
                            throw new IllegalArgumentException("unknown part " + part + "; one of " + PARTS);
                        }
                        parts.add(part.trim());
                    }
                    only = Set.copyOf(parts);
                }
                case "--facts-budget" -> factsBudgetMinutes = Double.parseDouble(args[++i]);
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--out" -> out = Path.of(args[++i]).toAbsolutePath().normalize();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (out == null) {
            out = root.resolve("results");
        }
        Instant started = Instant.now();
        Sizes sizes = quick ? Sizes.quick() : Sizes.full();
        if (!Double.isNaN(factsBudgetMinutes)) {
            sizes = sizes.withFactsBudget(factsBudgetMinutes * 60);
        }
        Report report = new Report(started, (quick ? "quick (reduced sizes, a smoke check)" : "full")
                + (only.size() < PARTS.size() ? ", only " + String.join(", ", PARTS.stream().filter(only::contains)
                .toList()) : "") + (Double.isNaN(factsBudgetMinutes) ? "" : ", facts budget "
                + Report.number(factsBudgetMinutes) + " min"), Machine.facts());
        Bench bench = new Bench(sizes, only, root,
                root.resolve("deploy/bench/target/bench-work"), report);
        int status = 0;
        try {
            bench.run();
        } catch (RuntimeException | Error e) {
            status = 1;
            report.note("The suite stopped early: " + e);
            e.printStackTrace();
        }
        report.machine("load average at end (1/5/15 min)", Machine.loadAverage());
        report.machine("suite duration", Report.number(Duration.between(started, Instant.now()).toSeconds()) + " s");
        for (Path written : report.write(out)) {
            System.out.println("wrote " + written);
        }
        System.out.println();
        System.out.println(report.targetsTable());
        System.exit(status);
    }

    /**
     * The per-client rate limits raised far above any step of the suite: one load generator is one client, and the
     * benchmarks measure the pipeline, not the limiter.
     */
    static final Map<String, String> UNLIMITED = Map.of(
            "funnel.rate-limit.api.per-second", "1000000", "funnel.rate-limit.api.burst", "1000000");
    /** lead-service's webhook limits, raised likewise (only lead-service has them: the others refuse the keys). */
    static final List<String> LEAD_UNLIMITED = List.of(
            "-Dfunnel.rate-limit.webhooks.per-second=1000000", "-Dfunnel.rate-limit.webhooks.burst=1000000");

    void run() {
        boolean needsFirst = only.contains("baseline") || only.contains("ingest") || only.contains("e2e")
                || only.contains("capacity") || only.contains("profile");
        Map<String, Double> idleRss = new LinkedHashMap<>();
        if (needsFirst) {
            log("starting the funnel (local stack and four services)");
            FunnelProcesses funnel = stopOnExit(FunnelProcesses.start(root, work, UNLIMITED, jvm(SERVICE_JVM_EXTRA),
                    LOCAL_STACK_JVM));
            try (funnel) {
                log("funnel ready; logs in " + funnel.workDir());
                for (Service s : Service.values()) {
                    idleRss.put(s.module(), Machine.rssMiB(funnel.pid(s)));
                }
                Parts parts = new Parts(funnel, sizes, report, work, idleRss);
                // the baselines are needed for the ratios of every other part
                part("baseline", parts::baseline, true);
                // the JIT compilers' first minutes are not what the parts after measure (Parts.warmUp)
                if (only.contains("e2e") || only.contains("capacity") || only.contains("ingest")
                        || only.contains("profile")) {
                    part("warm-up", parts::warmUp, false);
                }
                // end to end first, on a quiet pipeline: the ingest steps leave a backlog behind them
                if (only.contains("e2e")) {
                    part("e2e", parts::endToEnd, false);
                }
                // capacity before ingest too: its rising steps start from a caught-up pipeline
                if (only.contains("capacity")) {
                    part("capacity", parts::capacity, false);
                }
                if (only.contains("ingest")) {
                    part("ingest", parts::ingest, false);
                }
                // last: the measured parts run without a recording (Parts.profile)
                if (only.contains("profile")) {
                    part("profile", parts::profile, false);
                }
            } finally {
                dropData(funnel);
            }
        }
        if (only.contains("queries") || only.contains("rebuild")) {
            log("starting a fresh funnel for the queries and the rebuild (metrics-service only)");
            Map<Service, List<String>> options = new LinkedHashMap<>(jvm(SERVICE_JVM_EXTRA));
            // the services' own sizing: metrics-service keeps no lead in memory, so its memory is measured as deployed
            List<String> metrics = new ArrayList<>(SERVICE_JVM_EXTRA);
            metrics.add("-Dfunnel.metrics.rebuild-timeout=PT40M");
            // more options for metrics-service in this part only (a flight recording, another heap size to compare)
            String extra = System.getenv().getOrDefault("BENCH_METRICS_JVM", "").trim();
            if (!extra.isEmpty()) {
                metrics.addAll(List.of(extra.split("\\s+")));
                log("metrics-service also runs with " + extra);
            }
            options.put(Service.METRICS, metrics);
            FunnelProcesses funnel = stopOnExit(FunnelProcesses.start(root, work, UNLIMITED, options,
                    LOCAL_STACK_JVM_LARGE));
            try (funnel) {
                log("funnel ready; logs in " + funnel.workDir());
                funnel.kill(Service.LEAD);
                funnel.kill(Service.SCORING);
                funnel.kill(Service.HANDOFF);
                Parts parts = new Parts(funnel, sizes, report, work, idleRss);
                if (!needsFirst) {
                    part("baseline", parts::baseline, true);
                }
                Facts facts = new Facts(funnel, sizes, report);
                part("queries", () -> facts.queries(only.contains("queries")), false);
                if (only.contains("rebuild")) {
                    part("rebuild", facts::rebuild, false);
                }
            } finally {
                dropData(funnel);
            }
        }
    }

    /**
     * Deletes the stopped funnel's Kafka and MongoDB data (gigabytes after the queries part; runs one after another
     * filled the disk), keeping its logs and flight recordings.
     */
    private static void dropData(FunnelProcesses funnel) {
        Path data = funnel.workDir().resolve("data");
        if (!Files.isDirectory(data)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(data)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            log("could not delete " + data + " (" + e.getMessage() + "); delete it by hand");
        }
    }

    /** Stops the processes also when the suite is interrupted (Ctrl-C). */
    private static FunnelProcesses stopOnExit(FunnelProcesses funnel) {
        Runtime.getRuntime().addShutdownHook(new Thread(funnel::close, "stop-funnel"));
        return funnel;
    }

    private void part(String name, Supplier<String> body, boolean required) {
        Instant started = Instant.now();
        String before = Machine.loadAverage();
        log("part " + name + " (load " + before + ")");
        String status = "done";
        String note;
        try {
            note = body.get();
        } catch (RuntimeException | Error e) {
            if (required) {
                throw e;
            }
            status = "failed";
            note = e.toString();
            e.printStackTrace();
        }
        report.add(new Report.Part(name, started, Duration.between(started, Instant.now()).toMillis() / 1000d,
                before, Machine.loadAverage(), status, note));
        log("part " + name + " " + status + " in " + Duration.between(started, Instant.now()).toSeconds() + " s");
    }

    /** {@code options}, then the options of the environment variable {@code name} (space-separated), if set. */
    static List<String> withEnvironment(List<String> options, String name) {
        String extra = System.getenv().getOrDefault(name, "").trim();
        if (extra.isEmpty()) {
            return options;
        }
        List<String> all = new ArrayList<>(options);
        all.addAll(List.of(extra.split("\\s+")));
        return List.copyOf(all);
    }

    private static Map<Service, List<String>> jvm(List<String> options) {
        Map<Service, List<String>> all = new LinkedHashMap<>();
        for (Service s : Service.values()) {
            List<String> own = new ArrayList<>(options);
            if (s == Service.LEAD) {
                own.addAll(LEAD_UNLIMITED);
            }
            all.put(s, own);
        }
        return all;
    }

    static void log(String message) {
        System.out.println(Instant.now().toString().substring(11, 19) + " " + message);
    }

    static List<String> list(String... items) {
        return new ArrayList<>(List.of(items));
    }
}
