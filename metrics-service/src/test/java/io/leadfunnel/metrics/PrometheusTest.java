package io.leadfunnel.metrics;

import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.domain.Segment;
import io.leadfunnel.metrics.scenario.GoldenFeed;
import io.leadfunnel.metrics.service.FunnelGauges;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 5: the management port's Prometheus output is valid text exposition format, the funnel metrics carry only
 * bounded label values, and the Grafana dashboard refers only to metrics that exist.
 */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class PrometheusTest {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile(
            "(" + NAME.pattern() + ")(?:\\{(.*)})? (\\S+)(?: -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");
    private static final Pattern META = Pattern.compile("# (HELP|TYPE|UNIT) (" + NAME.pattern() + ")( .*)?");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped", "unknown", "info",
            "stateset", "gaugehistogram");

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    @Inject
    FunnelGauges gauges;

    record Sample(String name, Map<String, String> labels, double value) {
    }

    List<Sample> scrape() {
        String body = given().accept("text/plain; version=0.0.4; charset=utf-8").when().get(metrics).then().statusCode(200).extract().asString();
        List<Sample> samples = new java.util.ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.equals("# EOF")) {
                continue; // OpenMetrics terminator, should the server answer in that format
            }
            if (line.startsWith("#")) {
                Matcher meta = META.matcher(line);
                assertThat(meta.matches()).as("comment line %s", line).isTrue();
                if ("TYPE".equals(meta.group(1))) {
                    assertThat(TYPES).contains(meta.group(3).trim());
                }
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("sample line %s", line).isTrue();
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null && !m.group(2).isEmpty()) {
                Matcher l = LABEL.matcher(m.group(2));
                int end = 0;
                while (l.find() && l.start() == end) {
                    labels.put(l.group(1), l.group(2));
                    end = l.end();
                }
                assertThat(end).as("labels of %s", line).isEqualTo(m.group(2).length());
            }
            String value = m.group(3);
            double v = switch (value) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(value);
            };
            samples.add(new Sample(m.group(1), labels, v));
        }
        return samples;
    }

    @Test
    void theExpositionParsesAndFunnelLabelsComeFromBoundedVocabularies() {
        GoldenFeed.publishOnce(infrastructure);
        GoldenScenarioTest.awaitGoldenFigures();
        gauges.refresh();

        List<Sample> samples = scrape();

        Map<String, Set<String>> allowed = new HashMap<>();
        allowed.put("stage", Arrays.stream(Stage.values()).map(s -> s.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet()));
        allowed.put("from", allowed.get("stage"));
        allowed.put("to", allowed.get("stage"));
        Set<String> sources = Arrays.stream(LeadSource.values()).map(s -> s.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.toCollection(HashSet::new));
        sources.add("unknown");
        allowed.put("source", sources);
        allowed.put("segment", Arrays.stream(Segment.values()).map(Segment::label).collect(Collectors.toSet()));
        allowed.put("sla", Set.of("accept", "first_contact", "unknown"));
        allowed.put("topic", Set.of("lead.events", "lead.scores", "lead.lifecycle"));
        allowed.put("type", Set.of("LeadCaptured", "LeadProfileUpdated", "LeadActivityRecorded", "LeadErased",
                "LeadScored", "LeadStageChanged", "HandoffAssigned", "HandoffSlaBreached", "LeadClosed", "unknown", "any"));
        allowed.put("outcome", Set.of("applied", "duplicate", "ignored", "unknown-type", "dead-lettered"));
        allowed.put("family", Set.of("api")); // funnel_rate_limited_total, counted by the shared rate limit filter
        List<Sample> funnel = samples.stream().filter(s -> s.name().startsWith("funnel_")).toList();
        assertThat(funnel).isNotEmpty();
        for (Sample s : funnel) {
            for (Map.Entry<String, String> label : s.labels().entrySet()) {
                if (label.getKey().equals("le")) {
                    continue;
                }
                assertThat(allowed).as("label %s of %s", label.getKey(), s.name()).containsKey(label.getKey());
                assertThat(allowed.get(label.getKey())).as("value of %s on %s", label.getKey(), s.name())
                        .contains(label.getValue());
            }
        }
        assertThat(sum(funnel, "funnel_leads_in_stage", Map.of())).isEqualTo(42);
        assertThat(sum(funnel, "funnel_leads_in_stage", Map.of("stage", "won"))).isEqualTo(9);
        assertThat(sum(funnel, "funnel_stage_entries", Map.of("stage", "mql"))).isEqualTo(28); // 27 leads, g07 twice
        assertThat(sum(funnel, "funnel_sla_breaches", Map.of())).isEqualTo(4);
        assertThat(sum(funnel, "funnel_conversion_ratio", Map.of("from", "lead", "to", "mql")))
                .isEqualTo(31.0 / 42);
        assertThat(funnel).anyMatch(s -> s.name().equals("funnel_stage_duration_seconds_bucket"));
    }

    static double sum(List<Sample> samples, String name, Map<String, String> match) {
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> s.labels().entrySet().containsAll(match.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    @Test
    void theDashboardRefersOnlyToMetricsThatExist() throws IOException {
        GoldenFeed.publishOnce(infrastructure);
        GoldenScenarioTest.awaitGoldenFigures();
        gauges.refresh();
        Set<String> exposed = scrape().stream().map(Sample::name).collect(Collectors.toSet());
        String dashboard = Files.readString(Path.of("../deploy/grafana/dashboards/funnel.json"));

        Matcher names = Pattern.compile("\\b(funnel_[a-z_]+)").matcher(dashboard);
        Set<String> referenced = new HashSet<>();
        while (names.find()) {
            referenced.add(names.group(1));
        }

        assertThat(referenced).contains("funnel_leads_in_stage", "funnel_stage_duration_seconds_bucket");
        assertThat(exposed).containsAll(referenced);
    }
}
