package io.leadfunnel.e2e;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The fault report: each fault case writes its figures to {@code target/fault-report/<case>.json}; at the end of the
 * run ({@link FunnelExtension}) {@link #generate()} turns them, and the fuzz suites' {@code
 * <module>/target/fuzz-report/*.json}, into {@code target/fault-report.md} and prints it.
 */
final class FaultReport {

    /** The fault cases of the issue, in report order: name to the test that covers it. */
    static final Map<String, String> CASES = new LinkedHashMap<>();
    static final String KAFKA = "Kafka broker stopped and restarted under load";
    static final String MONGO = "MongoDB server restarted under load (503 + Retry-After while down)";
    static final String KILLS = "each service SIGKILLed mid-load and restarted, one at a time";
    static final String REBALANCE = "second instance of lead-, scoring-, handoff-service joins and leaves under load";
    static final String POISON = "poison record on each topic: dead-lettered with its cause, partition carries on";
    static final String REDRIVE = "dead letters re-driven after a fix (deploy/local/redrive)";
    static final String SLA = "SLA timer due while handoff-service is down fires once after its return";
    static final String READINESS = "readiness DOWN while a dependency is unreachable, UP after";

    static {
        CASES.put(KAFKA, "BrokerAndDatabaseFaultIT.kafka_broker_stopped_and_restarted_under_load");
        CASES.put(MONGO, "BrokerAndDatabaseFaultIT.mongodb_restarted_under_load");
        CASES.put(READINESS, "BrokerAndDatabaseFaultIT (both cases)");
        CASES.put(KILLS, "ServiceCrashFaultIT.each_service_killed_mid_load_one_at_a_time");
        CASES.put(REBALANCE, "RebalanceFaultIT.second_instances_join_and_leave_under_load");
        CASES.put(POISON, "DeadLetterFaultIT.a_poison_record_on_each_topic_is_dead_lettered_and_the_partition_carries_on");
        CASES.put(REDRIVE, "DeadLetterFaultIT.dead_letters_are_re_driven_once_after_a_fix");
        CASES.put(SLA, "SlaRestartIT.a_clock_that_runs_out_while_handoff_service_is_down_fires_once_after_the_restart");
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<String> STANDARD = Set.of("fault", "test", "load", "loadSeconds", "offeredPerSecond",
            "acceptedPerSecond", "phases", "deliveriesOffered", "deliveriesAccepted", "leadsStored",
            "leadCapturedEvents", "leadsScored", "leadServiceMql", "leadsHandedOff", "metricsLeads", "metricsMql",
            "expectedLeads", "expectedMql", "lost", "doubleCounted", "passed");
    /** A record whose leads are another case's (its lost and double-counted figures are theirs, counted once). */
    static final String SAME_LEADS_AS = "lost and double-counted leads are those of";

    private FaultReport() {
    }

    static Path target() {
        String work = System.getProperty("funnel.e2e.work");
        return work == null ? Path.of("target").toAbsolutePath() : Path.of(work).toAbsolutePath().getParent();
    }

    /** Writes one case's figures (a re-run of the same case replaces them). */
    static synchronized void record(Map<String, Object> figures) {
        Path dir = target().resolve("fault-report");
        String file = String.valueOf(figures.get("fault")).replaceAll("[^A-Za-z0-9]+", "-").toLowerCase() + ".json";
        try {
            Files.createDirectories(dir);
            JSON.writeValue(dir.resolve(file).toFile(), figures);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code target/fault-report.md} from the recorded cases and the fuzz reports, prints and returns it. */
    static String generate() {
        List<Map<String, Object>> records = read(target().resolve("fault-report"));
        Map<String, Map<String, Object>> byFault = new LinkedHashMap<>();
        records.forEach(r -> byFault.put(String.valueOf(r.get("fault")), r));

        StringBuilder md = new StringBuilder();
        md.append("# Fault report\n\n");
        md.append("Generated ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(" by the fault suite (`deploy/e2e`), from `deploy/e2e/target/fault-report/*.json`.\n\n");
        md.append("## Faults\n\n");
        md.append("| fault | load offered → accepted during the fault | deliveries accepted | leads stored | "
                + "LeadCaptured | scored | MQL in lead-service | handed off | metrics LEAD / MQL (expected) | lost |"
                + " double-counted | result |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        int survived = 0;
        long lost = 0;
        long doubled = 0;
        for (Map.Entry<String, String> c : CASES.entrySet()) {
            Map<String, Object> r = byFault.get(c.getKey());
            if (r == null) {
                md.append("| ").append(c.getKey())
                        .append(" | | | | | | | | | | | not run (or failed before its check): `")
                        .append(c.getValue()).append("` |\n");
                continue;
            }
            boolean passed = Boolean.TRUE.equals(r.get("passed"));
            survived += passed ? 1 : 0;
            if (!r.containsKey(SAME_LEADS_AS)) {
                lost += number(r.get("lost"));
                doubled += number(r.get("doubleCounted"));
            }
            md.append("| ").append(c.getKey())
                    .append(" | ").append(load(r))
                    .append(" | ").append(value(r.get("deliveriesAccepted")))
                    .append(" | ").append(value(r.get("leadsStored")))
                    .append(" | ").append(value(r.get("leadCapturedEvents")))
                    .append(" | ").append(value(r.get("leadsScored")))
                    .append(" | ").append(value(r.get("leadServiceMql")))
                    .append(" | ").append(value(r.get("leadsHandedOff")))
                    .append(" | ").append(r.containsKey("metricsLeads") ? value(r.get("metricsLeads")) + " / "
                            + value(r.get("metricsMql")) + " (" + value(r.getOrDefault("expectedLeads",
                            r.get("deliveriesAccepted"))) + " / " + value(r.getOrDefault("expectedMql", "any"))
                            + ")" : "")
                    .append(" | ").append(value(r.get("lost")))
                    .append(" | ").append(value(r.get("doubleCounted")))
                    .append(" | ").append(passed ? "survived" : "**FAILED**").append(" |\n");
        }
        md.append("\nFaults survived: ").append(survived).append(" of ").append(CASES.size())
                .append(". Lost leads: ").append(lost).append(". Double-counted leads: ").append(doubled)
                .append(" (each case's leads counted once).\n");

        md.append("\n## What each case observed\n\n");
        for (String fault : CASES.keySet()) {
            Map<String, Object> r = byFault.get(fault);
            if (r == null) {
                continue;
            }
            md.append("- **").append(fault).append("** (`").append(value(r.get("test"))).append("`)\n");
            Object phases = r.get("phases");
            if (phases instanceof Map<?, ?> map && !map.isEmpty()) {
                map.forEach((name, p) -> {
                    Map<?, ?> phase = (Map<?, ?>) p;
                    md.append("  - ").append(name).append(": ").append(value(phase.get("seconds")))
                            .append(" s, ").append(value(phase.get("acceptedPerSecond")))
                            .append(" deliveries accepted/s\n");
                });
            }
            r.forEach((key, v) -> {
                if (!STANDARD.contains(key)) {
                    md.append("  - ").append(key).append(": ").append(value(v)).append('\n');
                }
            });
        }

        md.append("\n## Bad inputs tried per endpoint (fuzz suites)\n\n");
        md.append("| module | endpoint | inputs | 5xx answers | partial writes |\n|---|---|---|---|---|\n");
        Path root = Path.of(System.getProperty("funnel.root", "../..")).toAbsolutePath().normalize();
        for (String module : List.of("lead-service", "scoring-service", "handoff-service", "metrics-service")) {
            List<Map<String, Object>> fuzz = read(root.resolve(module).resolve("target/fuzz-report"));
            if (fuzz.isEmpty()) {
                md.append("| ").append(module).append(" | not run | | | |\n");
            }
            for (Map<String, Object> f : fuzz) {
                md.append("| ").append(module).append(" | ").append(value(f.get("endpoint"))).append(" | ")
                        .append(value(f.get("inputs"))).append(" | ").append(value(f.get("status5xx")))
                        .append(" | ").append(value(f.get("partialWrites"))).append(" |\n");
            }
        }

        md.append("""

                ## metrics-service with several instances

                metrics-service keeps no lead in memory: every report reads aggregates kept exactly once in MongoDB,
                and the active store generation is read for each poll and query. Its second instance joining, being
                killed mid-stream and rebuilding the store while both consume is `MetricsInstancesIT`; its crash and
                restart, including during a rebuild, are covered above.
                """);
        String report = md.toString();
        try {
            Files.createDirectories(target());
            Files.writeString(target().resolve("fault-report.md"), report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("\n" + report);
        return report;
    }

    private static String load(Map<String, Object> r) {
        if (!r.containsKey("offeredPerSecond")) {
            return r.containsKey("load") ? value(r.get("load")) : "n/a (no load of its own)";
        }
        StringBuilder s = new StringBuilder(value(r.get("offeredPerSecond")) + "/s → ");
        Object phases = r.get("phases");
        if (phases instanceof Map<?, ?> map && !map.isEmpty()) {
            List<String> parts = new ArrayList<>();
            map.forEach((name, p) -> parts.add(name + " " + seconds(((Map<?, ?>) p).get("seconds")) + " s: "
                    + value(((Map<?, ?>) p).get("acceptedPerSecond")) + "/s"));
            s.append(String.join(", ", parts));
        } else {
            s.append(value(r.get("acceptedPerSecond"))).append("/s");
        }
        return s.append(" (").append(value(r.get("loadSeconds"))).append(" s)").toString();
    }

    private static String seconds(Object value) {
        return value instanceof Number n ? String.valueOf(Math.round(n.doubleValue())) : value(value);
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    private static String value(Object value) {
        return value == null ? "" : String.valueOf(value).replace("|", "\\|");
    }

    private static List<Map<String, Object>> read(Path dir) {
        List<Map<String, Object>> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                try {
                    all.add(JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {
                    }));
                } catch (IOException e) {
                    Map<String, Object> broken = new LinkedHashMap<>();
                    broken.put("endpoint", file.getFileName() + " (unreadable: " + e.getMessage() + ")");
                    all.add(broken);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }
}
