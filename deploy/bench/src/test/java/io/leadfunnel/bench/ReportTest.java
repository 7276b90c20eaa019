package io.leadfunnel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

    @Test
    void givenAFigureAndItsBaseline_thenTheRatioIsTheirQuotient() {
        Figure ingest = Figure.of("ingest", "rate", 1500, "leads/s", null).against("Mongo insert", 6000);

        assertThat(ingest.ratio()).isEqualTo(0.25);
        assertThat(Report.ratioText(ingest.ratio())).isEqualTo("0.25x");
        assertThat(Figure.ratio(5, 0)).isNaN();
        assertThat(Figure.ratio(Double.NaN, 3)).isNaN();
        assertThat(Figure.of("x", "y", 1, "u", null).ratio()).isNaN();
    }

    @Test
    void givenTargets_thenMetAndShortfallFollowTheDirection() {
        Figure floorMissed = Figure.of("ingest", "rate", 750, "leads/s", null).target(1000, true);
        Figure floorMet = Figure.of("ingest", "rate", 1000, "leads/s", null).target(1000, true);
        Figure ceilingMissed = Figure.of("e2e", "p99", 1500, "ms", null).target(1000, false);
        Figure ceilingMet = Figure.of("e2e", "p99", 999, "ms", null).target(1000, false);
        Figure unmeasured = Figure.of("e2e", "p99", Double.NaN, "ms", null).target(1000, false);

        assertThat(floorMissed.met()).isFalse();
        assertThat(floorMissed.shortfallPercent()).isEqualTo(25.0);
        assertThat(floorMet.met()).isTrue();
        assertThat(floorMet.shortfallPercent()).isZero();
        assertThat(ceilingMissed.met()).isFalse();
        assertThat(ceilingMissed.shortfallPercent()).isEqualTo(50.0);
        assertThat(ceilingMet.met()).isTrue();
        assertThat(unmeasured.met()).isFalse();
        assertThat(floorMissed.targetText()).isEqualTo(">= 1,000 leads/s");
        assertThat(ceilingMet.targetText()).isEqualTo("< 1,000 ms");
    }

    @Test
    void givenLatencies_whenSummarised_thenPercentilesAreInMilliseconds() {
        Histogram micros = Stats.histogram();
        for (int ms = 1; ms <= 1000; ms++) {
            Stats.record(micros, ms * 1000L);
        }
        Stats stats = Stats.of(micros);

        assertThat(stats.count()).isEqualTo(1000);
        assertThat(stats.p50()).isBetween(499.0, 501.0);
        assertThat(stats.p99()).isBetween(989.0, 991.0);
        assertThat(stats.p999()).isBetween(998.0, 1000.5);
        assertThat(Stats.of(Stats.histogram()).p99()).isNaN();
    }

    @Test
    void givenNumbers_thenTheyAreFormattedForReading() {
        assertThat(Report.number(1234567.8)).isEqualTo("1,234,568");
        assertThat(Report.number(42.26)).isEqualTo("42.3");
        assertThat(Report.number(3.14159)).isEqualTo("3.14");
        assertThat(Report.number(0.0123)).isEqualTo("0.012");
        assertThat(Report.number(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void givenAReport_whenWritten_thenMarkdownAndJsonCarryEveryFigureWithItsRatioAndTarget(@TempDir Path dir)
            throws Exception {
        Report report = new Report(Instant.parse("2026-11-27T08:00:00Z"), "quick", Map.of("cores", "2"));
        report.add(Figure.of("baseline", "MongoDB batched insert rate", 20000, "docs/s", null));
        report.add(Figure.of("ingest", "batches", 3000, "leads/s", "steps of 8 s")
                .against("MongoDB batched insert rate", 20000).target(3000, true));
        report.add(Figure.of("e2e", "hand-off p99", 1500, "ms", null).target(1000, false));
        report.add(new Report.Part("ingest", Instant.parse("2026-11-27T08:01:00Z"), 12.5, "1.00 0.50 0.20",
                "1.80 0.70 0.30", "done", null));

        List<Path> written = report.write(dir);

        assertThat(written).extracting(p -> p.getFileName().toString()).containsExactly(
                "bench-20261127T080000Z.md", "bench-20261127T080000Z.json", "latest.md", "latest.json");
        String md = Files.readString(dir.resolve("latest.md"));
        assertThat(md).contains("| batches >= 3,000 leads/s | 3,000 leads/s | 0.15x of MongoDB batched insert rate | met |")
                .contains("| hand-off p99 < 1,000 ms | 1,500 ms |  | missed by 50 % |")
                .contains("| ingest | 2026-11-27T08:01:00Z | 12.5 | 1.00 0.50 0.20 | 1.80 0.70 0.30 | done |");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("latest.json").toFile());
        List<String> names = new ArrayList<>();
        json.path("figures").forEach(f -> names.add(f.path("name").asText()));
        assertThat(names).containsExactly("MongoDB batched insert rate", "batches", "hand-off p99");
        JsonNode batches = json.path("figures").get(1);
        assertThat(batches.path("ratio").asDouble()).isEqualTo(0.15);
        assertThat(batches.path("met").asBoolean()).isTrue();
        assertThat(json.path("figures").get(2).path("shortfallPercent").asDouble()).isEqualTo(50.0);
        assertThat(json.path("machine").path("cores").asText()).isEqualTo("2");
    }

    @Test
    void givenAcceptedLeadsAndMetricsPolls_thenEachLeadIsMatchedWithTheFirstPollThatCountsIt() {
        // leads accepted at 1000, 1010, 1020 ms; the figure counts 1 at 1100, 3 at 1300
        List<Long> accepted = new ArrayList<>(List.of(1020L, 1000L, 1010L));
        List<long[]> polls = new ArrayList<>(List.of(new long[] {1050, 0}, new long[] {1100, 1},
                new long[] {1300, 3}));

        Stats stats = Parts.metricsLatency(accepted, polls);

        // then 100 ms, 290 ms, 280 ms
        assertThat(stats.count()).isEqualTo(3);
        assertThat(stats.max()).isBetween(289.0, 291.0);
        assertThat(stats.p50()).isBetween(279.0, 281.0);
    }

    @Test
    void givenProcStatFields_thenCpuSecondsAreUserPlusSystemTicks() {
        // fields after "(java)": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
        String[] fields = "S 1 1 1 0 -1 0 10 0 0 0 250 50 0 0".split(" ");

        assertThat(Machine.cpuSecondsFromFields(fields)).isEqualTo(3.0);
    }
}
