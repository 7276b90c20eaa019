package io.leadfunnel.metrics.scenario;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The figures of {@code golden/expected.md}, asserted on the JSON of the six endpoints for
 * {@link GoldenScenario#QUERY}. A ratio is written {@code numerator/denominator=rate}.
 */
public final class ExpectedFigures {

    public static final List<String> ENDPOINTS = List.of("", "/velocity", "/drop-off", "/sla", "/revenue", "/lift");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private ExpectedFigures() {
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts every figure; {@code json} gives the body of an endpoint ("" for /funnel, "/sla", ...). */
    public static void assertAll(Function<String, String> json) {
        assertConversion(parse(json.apply("")));
        assertVelocity(parse(json.apply("/velocity")));
        assertDropOff(parse(json.apply("/drop-off")));
        assertSla(parse(json.apply("/sla")));
        assertRevenue(parse(json.apply("/revenue")));
        assertLift(parse(json.apply("/lift")));
    }

    static String r(JsonNode ratio) {
        if (ratio == null || ratio.isNull()) {
            return null;
        }
        JsonNode rate = ratio.get("rate");
        return ratio.get("numerator").asLong() + "/" + ratio.get("denominator").asLong() + "="
                + (rate == null || rate.isNull() ? "-" : rate.decimalValue().setScale(4, RoundingMode.UNNECESSARY)
                .toPlainString());
    }

    static List<String> stageRows(JsonNode stages) {
        List<String> rows = new ArrayList<>();
        for (JsonNode s : stages) {
            rows.add(s.get("stage").asText() + " " + s.get("reached").asLong() + " next " + r(s.get("nextStep"))
                    + " cum " + r(s.get("cumulative")) + " re " + s.get("reentries").asLong());
        }
        return rows;
    }

    static void assertConversion(JsonNode funnel) {
        assertThat(stageRows(funnel.get("stages"))).containsExactly(
                "LEAD 42 next null cum 42/42=1.0000 re 0",
                "MQL 31 next 31/42=0.7381 cum 31/42=0.7381 re 1",
                "SAL 23 next 23/31=0.7419 cum 23/42=0.5476 re 0",
                "SQL 19 next 19/23=0.8261 cum 19/42=0.4524 re 0",
                "WON 9 next 9/19=0.4737 cum 9/42=0.2143 re 0");
        assertThat(r(funnel.get("leadToWon"))).isEqualTo("9/42=0.2143");
        JsonNode status = funnel.get("status");
        assertThat(List.of(status.get("open").asLong(), status.get("inProgress").asLong(),
                status.get("qualified").asLong(), status.get("unqualified").asLong())).containsExactly(13L, 7L, 19L, 3L);
        assertThat(funnel.get("definition").asText()).contains("first entry");

        assertThat(cohortRows(funnel)).containsExactly(
                "LEAD>MQL 8/10=0.8000 7/10=0.7000 7/10=0.7000 9/12=0.7500*",
                "MQL>SAL 5/7=0.7143 5/6=0.8333 4/6=0.6667 5/8=0.6250*",
                "SAL>SQL 5/5=1.0000 5/6=0.8333 4/6=0.6667 5/6=0.8333*",
                "SQL>WON 3/5=0.6000 2/5=0.4000 2/4=0.5000 2/4=0.5000*",
                "LEAD>WON 3/10=0.3000 2/10=0.2000 2/10=0.2000 2/12=0.1667*");
        assertThat(funnel.get("cohortConversion").get(0).get("cohorts").get(0).get("bucket").asText())
                .isEqualTo("2026-09-07T00:00:00Z");
        assertThat(flowRows(funnel)).containsExactly(
                "LEAD>MQL 7/10=0.7000 6/10=0.6000 6/10=0.6000 8/12=0.6667",
                "MQL>SAL 5/7=0.7143 6/6=1.0000 6/6=1.0000 6/8=0.7500",
                "SAL>SQL 5/5=1.0000 5/6=0.8333 4/6=0.6667 4/6=0.6667",
                "SQL>WON 0/5=0.0000 3/5=0.6000 2/4=0.5000 2/4=0.5000",
                "LEAD>WON 0/10=0.0000 3/10=0.3000 2/10=0.2000 2/12=0.1667");
    }

    /** The by-source groups of {@code /funnel?groupBy=source}. */
    public static void assertBySource(JsonNode funnel) {
        assertThat(funnel.get("groupBy").asText()).isEqualTo("source");
        List<String> groups = new ArrayList<>();
        for (JsonNode g : funnel.get("groups")) {
            StringBuilder row = new StringBuilder(g.get("value").asText());
            for (JsonNode s : g.get("stages")) {
                row.append(' ').append(s.get("reached").asLong());
            }
            groups.add(row.append(' ').append(r(g.get("leadToWon"))).toString());
        }
        assertThat(groups).containsExactly(
                "outbound_call 2 2 2 2 2 2/2=1.0000",
                "paid_ads 4 1 0 0 0 0/4=0.0000",
                "referral 2 2 2 2 2 2/2=1.0000",
                "trade_show 5 4 2 2 0 0/5=0.0000",
                "web 20 13 10 8 5 5/20=0.2500",
                "webinar 9 9 7 5 0 0/9=0.0000");
        JsonNode web = funnel.get("groups").get(4);
        assertThat(cohortRows(web).get(4)).isEqualTo("LEAD>WON 2/5=0.4000 1/4=0.2500 1/5=0.2000 1/6=0.1667*");
        assertThat(flowRows(web).get(4)).isEqualTo("LEAD>WON 0/5=0.0000 2/4=0.5000 1/5=0.2000 1/6=0.1667");
    }

    static List<String> cohortRows(JsonNode report) {
        List<String> cohorts = new ArrayList<>();
        for (JsonNode c : report.get("cohortConversion")) {
            assertThat(c.get("kind").asText()).isEqualTo("cohort-conversion");
            StringBuilder row = new StringBuilder(c.get("from").asText() + ">" + c.get("to").asText());
            for (JsonNode week : c.get("cohorts")) {
                row.append(' ').append(r(week.get("conversion"))).append(week.get("mature").asBoolean() ? "" : "*");
            }
            cohorts.add(row.toString());
        }
        return cohorts;
    }

    static List<String> flowRows(JsonNode report) {
        List<String> flows = new ArrayList<>();
        for (JsonNode f : report.get("flowRatio")) {
            assertThat(f.get("kind").asText()).isEqualTo("flow-ratio");
            StringBuilder row = new StringBuilder(f.get("from").asText() + ">" + f.get("to").asText());
            for (JsonNode week : f.get("buckets")) {
                row.append(' ').append(r(week.get("ratio")));
            }
            flows.add(row.toString());
        }
        return flows;
    }

    static String stats(JsonNode d) {
        return d.get("count").asLong() + " " + d.get("medianSeconds").asLong() + " " + d.get("p90Seconds").asLong();
    }

    static void assertVelocity(JsonNode velocity) {
        List<String> rows = new ArrayList<>();
        for (JsonNode s : velocity.get("stages")) {
            rows.add(s.get("stage").asText() + ">" + s.get("next").asText() + " " + stats(s.get("timeInStage")));
        }
        assertThat(rows).containsExactly(
                "LEAD>MQL 27 86400 86400",
                "MQL>SAL 19 600 18000",
                "SAL>SQL 19 171600 172620",
                "SQL>WON 9 604800 604800");
        assertThat(stats(velocity.get("leadToWon"))).isEqualTo("9 864000 864000");
    }

    static Map<String, Object> map(JsonNode node) {
        return JSON.convertValue(node, Map.class);
    }

    static void assertDropOff(JsonNode dropOff) {
        assertThat(map(dropOff.get("rejectionsBySource"))).isEqualTo(Map.of(
                "trade_show", Map.of("no-budget", 2),
                "web", Map.of("no-budget", 1),
                "webinar", Map.of("bad-timing", 2, "not-a-fit", 1)));
        assertThat(map(dropOff.get("disqualificationReasons"))).isEqualTo(Map.of("spam", 2, "student", 1));
        assertThat(map(dropOff.get("lossReasons"))).isEqualTo(Map.of("competitor", 2, "no-decision", 1));
        assertThat(map(dropOff.get("exitsAfterStage"))).isEqualTo(Map.of("LEAD", 3, "MQL", 5, "SQL", 4));
        List<String> stuck = new ArrayList<>();
        for (JsonNode s : dropOff.get("stuck")) {
            stuck.add(s.get("stage").asText() + " " + s.get("count").asLong() + " " + s.get("leadIds"));
        }
        assertThat(stuck).containsExactly(
                "LEAD 6 [\"g05\",\"g14\",\"g19\",\"g24\",\"g28\",\"g30\"]",
                "MQL 2 [\"g10\",\"g29\"]",
                "SAL 3 [\"g07\",\"g17\",\"g27\"]",
                "SQL 4 [\"g04\",\"g16\",\"g18\",\"g26\"]");
    }

    static void assertSla(JsonNode sla) {
        assertThat(r(sla.get("compliance"))).isEqualTo("24/28=0.8571");
        assertThat(map(sla.get("breachesByOwner"))).isEqualTo(Map.of("alice", 2, "carol", 2));
        assertThat(map(sla.get("breachesBySla"))).isEqualTo(Map.of("ACCEPT", 4));
        assertThat(stats(sla.get("timeToAccept"))).isEqualTo("19 600 7200");
        assertThat(sla.get("speedToLead").toString())
                .isEqualTo("{\"0-5m\":8,\"5-15m\":9,\"15-60m\":6,\"over-60m\":2,\"never\":3}");
        assertThat(sla.get("blackHole").asLong()).isEqualTo(3);
        assertThat(sla.get("blackHoleLeadIds").toString()).isEqualTo("[\"g10\",\"g29\",\"g41\"]");
    }

    static String figures(JsonNode f) {
        return f.get("won").asLong() + " " + f.get("lost").asLong() + " " + money(f.get("wonRevenue")) + " "
                + money(f.get("averageOrder")) + " " + r(f.get("winRate")) + " " + f.get("openSql").asLong() + " "
                + money(f.get("expectedRevenue"));
    }

    static String money(JsonNode amount) {
        return amount == null || amount.isNull() ? "-"
                : amount.decimalValue().setScale(2, RoundingMode.UNNECESSARY).toPlainString();
    }

    static void assertRevenue(JsonNode revenue) {
        assertThat(figures(revenue.get("overall"))).isEqualTo("7 3 143000.00 20428.57 7/10=0.7000 6 87000.00");
        List<String> rows = new ArrayList<>();
        for (JsonNode s : revenue.get("bySegment")) {
            rows.add(s.get("segment").asText() + " " + s.get("basis").asText() + " " + figures(s.get("figures")));
        }
        assertThat(rows).containsExactly(
                "small segment 1 0 8000.00 8000.00 1/1=1.0000 0 0.00",
                "mid segment 4 1 65000.00 16250.00 4/5=0.8000 4 52000.00",
                "enterprise segment 2 2 70000.00 35000.00 2/4=0.5000 2 35000.00",
                "unknown overall 0 0 0.00 - 0/0=- 0 0.00");
    }

    static void assertLift(JsonNode lift) {
        assertThat(r(lift.get("overall"))).isEqualTo("9/42=0.2143");
        List<String> rows = new ArrayList<>();
        for (JsonNode d : lift.get("dimensions")) {
            for (JsonNode v : d.get("values")) {
                rows.add(d.get("dimension").asText() + " " + v.get("value").asText() + " "
                        + v.get("conversion").get("numerator").asLong() + "/"
                        + v.get("conversion").get("denominator").asLong() + " "
                        + v.get("lift").decimalValue().setScale(4, RoundingMode.UNNECESSARY).toPlainString());
            }
        }
        assertThat(rows).containsExactly(
                "source outbound_call 2/2 4.6667",
                "source paid_ads 0/4 0.0000",
                "source referral 2/2 4.6667",
                "source trade_show 0/5 0.0000",
                "source web 5/20 1.1667",
                "source webinar 0/9 0.0000",
                "industry finance 2/7 1.3333",
                "industry retail 0/16 0.0000",
                "industry software 7/19 1.7193",
                "segment enterprise 2/7 1.3333",
                "segment mid 6/17 1.6471",
                "segment small 1/18 0.2593",
                "scoreBand high 9/15 2.8000",
                "scoreBand low 0/11 0.0000",
                "scoreBand medium 0/16 0.0000");
    }
}
