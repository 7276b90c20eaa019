package io.leadfunnel.e2e;

import io.leadfunnel.testing.FunnelProcesses;
import io.leadfunnel.testing.FunnelProcesses.Service;
import io.leadfunnel.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * metrics-service with two instances: under a steady load a second instance joins the consumer group, takes part of
 * the partitions and is killed (SIGKILL: its last polls may have written leads whose change never reached the
 * partition's log). The first instance takes the partitions back and applies the polls again; the all-time totals
 * behind the Prometheus gauges then count every new lead exactly once, and a new second instance shows the very same
 * gauges and answers every report with the very same figures. Then, under load again, the second instance rebuilds
 * the store while both consume: afterwards both show the same gauges and reports, and every lead is still counted
 * once.
 */
@ExtendWith(FunnelExtension.class)
class MetricsInstancesIT {

    private static final String READER = TestTokens.forRole("e2e-dashboard", "metrics-reader");
    private static final String ADMIN = TestTokens.forRole("e2e-admin", "admin");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern GAUGE = Pattern.compile(
            "^(funnel_stage_entries|funnel_leads_in_stage|funnel_sla_breaches|funnel_conversion_ratio)(\\{[^}]*\\})"
                    + " (\\S+)$", Pattern.MULTILINE);
    /** The gauges are refreshed every 2 s in this run ({@link FunnelExtension#SETTINGS}). */
    private static final Duration REFRESH = Duration.ofSeconds(2);

    @Test
    void a_second_instance_killed_mid_stream_leaves_the_totals_exact_and_a_new_one_shows_the_same(
            FunnelProcesses funnel) throws Exception {
        String first = funnel.managementUrl(Service.METRICS);
        TreeMap<String, Double> before = settled(first);

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
        awaitCounted(first, before, leads.size(), "new leads");
        TreeMap<String, Double> after = settled(first);

        // a new second instance reads the same aggregates: the same gauges, the same figures in every report
        funnel.startSecondInstance(Service.METRICS);
        try {
            String second = funnel.secondInstanceManagementUrl(Service.METRICS);
            await().atMost(Duration.ofMinutes(1)).pollInterval(REFRESH)
                    .untilAsserted(() -> assertThat(gauges(second)).isEqualTo(after));
            String firstApi = funnel.baseUrl(Service.METRICS);
            String secondApi = funnel.secondInstanceBaseUrl(Service.METRICS);
            assertThat(captured(firstApi, campaign)).as("the campaign's leads in /funnel").isEqualTo(leads.size());
            assertSameReports(firstApi, secondApi);

            // a rebuild on the second instance while both consume: every lead still counted once, on both
            String rebuiltCampaign = "metrics-rebuild-" + UUID.randomUUID().toString().substring(0, 8);
            Set<String> later = new HashSet<>();
            try (SteadyLoad load = SteadyLoad.start(funnel, rebuiltCampaign, 20, Duration.ofMinutes(2))) {
                FaultCheck.sleep(3_000);
                int started = http(secondApi + "/admin/rebuild", ADMIN, "POST").statusCode();
                assertThat(started).as("POST /admin/rebuild").isEqualTo(202);
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> !http(secondApi + "/admin/rebuild", ADMIN, "GET").body()
                                .contains("\"state\":\"running\""));
                assertThat(http(secondApi + "/admin/rebuild", ADMIN, "GET").body()).contains("\"state\":\"done\"");
                FaultCheck.sleep(3_000);
                load.stop();
                later.addAll(load.accepted().values());
            }
            assertThat(later).hasSizeGreaterThan(50);
            awaitCounted(first, before, leads.size() + later.size(), "leads since the start, after the rebuild");
            TreeMap<String, Double> rebuilt = settled(first);
            await().atMost(Duration.ofMinutes(1)).pollInterval(REFRESH)
                    .untilAsserted(() -> assertThat(gauges(second)).isEqualTo(rebuilt));
            assertThat(captured(firstApi, campaign)).as("the first campaign's leads after the rebuild")
                    .isEqualTo(leads.size());
            assertThat(captured(secondApi, rebuiltCampaign)).as("the campaign loaded during the rebuild")
                    .isEqualTo(later.size());
            assertSameReports(firstApi, secondApi);
        } finally {
            funnel.stopSecondInstance(Service.METRICS);
        }
    }

    /**
     * Waits until the instance's gauges count {@code added} leads more than {@code before}: entering LEAD, and in a
     * current stage.
     */
    private static void awaitCounted(String managementUrl, TreeMap<String, Double> before, int added, String what) {
        double leadsBefore = sum(before, "funnel_stage_entries", "stage=\"lead\"");
        double currentBefore = sum(before, "funnel_leads_in_stage", "");
        await().atMost(Duration.ofMinutes(3)).pollInterval(REFRESH).untilAsserted(() -> {
            TreeMap<String, Double> now = gauges(managementUrl);
            assertThat(sum(now, "funnel_stage_entries", "stage=\"lead\"") - leadsBefore)
                    .as(what + " entering LEAD").isEqualTo(added);
            assertThat(sum(now, "funnel_leads_in_stage", "") - currentBefore)
                    .as(what + " in a current stage").isEqualTo(added);
        });
    }

    /** Every report, asked of both instances with the same parameters, gives the same answer. */
    private static void assertSameReports(String firstApi, String secondApi) throws IOException,
            InterruptedException {
        LocalDate tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        String bounds = "from=" + tomorrow.minusDays(60) + "&to=" + tomorrow + "&asOf=" + Instant.now()
                .truncatedTo(ChronoUnit.SECONDS);
        for (String report : List.of("/funnel?groupBy=campaign&bucket=day&", "/funnel/velocity?groupBy=source&",
                "/funnel/drop-off?groupBy=owner&", "/funnel/sla?groupBy=team&",
                "/funnel/revenue?groupBy=campaign&", "/funnel/lift?")) {
            HttpResponse<String> one = http(firstApi + report + bounds, READER, "GET");
            HttpResponse<String> other = http(secondApi + report + bounds, READER, "GET");
            assertThat(one.statusCode()).as("GET %s on the first instance", report).isEqualTo(200);
            assertThat(other.statusCode()).as("GET %s on the second instance", report).isEqualTo(200);
            assertThat(other.body()).as("GET %s on the second instance", report).isEqualTo(one.body());
        }
    }

    /** The leads of a campaign that reached LEAD, as {@code /funnel?groupBy=campaign} counts them. */
    private static long captured(String api, String campaign) {
        LocalDate tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        JsonPath figures = RestAssured.given().baseUri(api).auth().oauth2(READER).queryParam("groupBy", "campaign")
                .queryParam("from", tomorrow.minusDays(2).toString()).queryParam("to", tomorrow.toString())
                .get("/funnel").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> stages = figures.getList("groups.find { it.value == '" + campaign + "' }.stages");
        assertThat(stages).as("the campaign's group").isNotNull();
        return stages.stream().filter(stage -> "LEAD".equals(stage.get("stage")))
                .mapToLong(stage -> ((Number) stage.get("reached")).longValue()).sum();
    }

    private static HttpResponse<String> http(String url, String token, String method) throws IOException,
            InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
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
