package io.leadfunnel.e2e;

import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.testing.FunnelProcesses.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * metrics-service's aggregates with two instances: under a steady load a second instance joins the consumer group,
 * takes part of the partitions and is killed (SIGKILL: its last polls may have written leads whose change never
 * reached the partition's log). The first instance takes the partitions back and applies the polls again; the
 * all-time totals behind the Prometheus gauges then count every new lead exactly once, and a new second instance
 * shows the very same gauges. (The {@code /funnel} reports are still computed from facts in memory and stay single
 * instance.)
 */
@ExtendWith(FunnelExtension.class)
class MetricsInstancesIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern GAUGE = Pattern.compile(
            "^(funnel_stage_entries|funnel_leads_in_stage|funnel_sla_breaches|funnel_conversion_ratio)(\\{[^}]*\\})"
                    + " (\\S+)$", Pattern.MULTILINE);
    /** The gauges are refreshed every 2 s in this run ({@link FunnelExtension#SETTINGS}). */
    private static final Duration REFRESH = Duration.ofSeconds(2);

    @Test
    void a_second_instance_killed_mid_stream_leaves_the_totals_exact_and_a_new_one_shows_the_same(
            FunnelProcesses funnel) {
        String first = funnel.managementUrl(Service.METRICS);
        TreeMap<String, Double> before = settled(first);
        double leadsBefore = sum(before, "funnel_stage_entries", "stage=\"lead\"");
        double currentBefore = sum(before, "funnel_leads_in_stage", "");

        String campaign = "metrics-instances-" + UUID.randomUUID().toString().substring(0, 8);
        Set<String> leads = new HashSet<>();
        try (SteadyLoad load = SteadyLoad.start(funnel, campaign, 20, Duration.ofMinutes(2))) {
            FaultCheck.sleep(3_000);
            funnel.startSecondInstance(Service.METRICS);
            String joined = funnel.secondInstanceManagementUrl(Service.METRICS);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> consumed(joined) > 0);
            FaultCheck.sleep(4_000);
            funnel.killSecondInstance(Service.METRICS);
            FaultCheck.sleep(5_000);
            load.stop();
            leads.addAll(load.accepted().values());
        }
        assertThat(leads).hasSizeGreaterThan(100);

        // every new lead counted once, as entering LEAD and in one current stage
        await().atMost(Duration.ofMinutes(3)).pollInterval(REFRESH).untilAsserted(() -> {
            TreeMap<String, Double> now = gauges(first);
            assertThat(sum(now, "funnel_stage_entries", "stage=\"lead\"") - leadsBefore)
                    .as("new leads entering LEAD").isEqualTo(leads.size());
            assertThat(sum(now, "funnel_leads_in_stage", "") - currentBefore)
                    .as("new leads in a current stage").isEqualTo(leads.size());
        });
        TreeMap<String, Double> after = settled(first);

        // a new second instance reads the same aggregates
        funnel.startSecondInstance(Service.METRICS);
        try {
            String second = funnel.secondInstanceManagementUrl(Service.METRICS);
            await().atMost(Duration.ofMinutes(1)).pollInterval(REFRESH)
                    .untilAsserted(() -> assertThat(gauges(second)).isEqualTo(after));
        } finally {
            funnel.stopSecondInstance(Service.METRICS);
        }
    }

    /** The gauges once two readings a refresh apart agree (the consumers have caught up). */
    private static TreeMap<String, Double> settled(String managementUrl) {
        AtomicReference<TreeMap<String, Double>> last = new AtomicReference<>();
        await().atMost(Duration.ofMinutes(3)).pollInterval(REFRESH.multipliedBy(2)).until(() -> {
            TreeMap<String, Double> now = gauges(managementUrl);
            return !now.isEmpty() && now.equals(last.getAndSet(now));
        });
        return last.get();
    }

    /** Records the instance consumed so far (it has partitions of its own). */
    private static double consumed(String managementUrl) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("^funnel_consumed_total\\{[^}]*\\} (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics(managementUrl));
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private static String metrics(String managementUrl) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The funnel gauges of an instance, by name and labels. */
    private static TreeMap<String, Double> gauges(String managementUrl) throws IOException, InterruptedException {
        TreeMap<String, Double> gauges = new TreeMap<>();
        Matcher m = GAUGE.matcher(metrics(managementUrl));
        while (m.find()) {
            gauges.put(m.group(1) + m.group(2), Double.parseDouble(m.group(3)));
        }
        return gauges;
    }

    private static double sum(TreeMap<String, Double> gauges, String name, String label) {
        return gauges.entrySet().stream().filter(e -> e.getKey().startsWith(name + "{") && e.getKey().contains(label))
                .mapToDouble(e -> e.getValue()).sum();
    }
}
