package io.leadfunnel.metrics.scenario;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The grouped figures of {@code golden/expected-grouped.md}, asserted on the JSON of the grouped endpoints for
 * {@link GoldenScenario#QUERY}.
 */
public final class GroupedFigures {

    /** Revenue rows per groupBy: {@code value basis won lost revenue average winRate openSql expected}. */
    public static final Map<String, List<String>> REVENUE = Map.of(
            "source", List.of(
                    "outbound_call own 1 0 40000.00 40000.00 1/1=1.0000 0 0.00",
                    "paid_ads overall 0 0 0.00 - 0/0=- 0 0.00",
                    "referral own 2 0 28000.00 14000.00 2/2=1.0000 0 0.00",
                    "trade_show overall 0 0 0.00 - 0/0=- 2 28600.00",
                    "web own 4 1 75000.00 18750.00 4/5=0.8000 1 15000.00",
                    "webinar own 0 2 0.00 - 0/2=0.0000 3 0.00"),
            "campaign", List.of(
                    "ads-q3 overall 0 0 0.00 - 0/0=- 0 0.00",
                    "expo-2026 overall 0 0 0.00 - 0/0=- 2 28600.00",
                    "fall-web own 4 1 75000.00 18750.00 4/5=0.8000 1 15000.00",
                    "unknown own 3 0 68000.00 22666.67 3/3=1.0000 0 0.00",
                    "webinar-q3 own 0 2 0.00 - 0/2=0.0000 3 0.00"),
            "owner", List.of(
                    "alice own 3 1 45000.00 15000.00 3/4=0.7500 2 22500.00",
                    "bob own 0 1 0.00 - 0/1=0.0000 2 0.00",
                    "carol own 1 1 30000.00 30000.00 1/2=0.5000 2 30000.00",
                    "dave own 3 0 68000.00 22666.67 3/3=1.0000 0 0.00",
                    "unknown overall 0 0 0.00 - 0/0=- 0 0.00"),
            "team", List.of(
                    "emea own 3 2 45000.00 15000.00 3/5=0.6000 4 36000.00",
                    "na own 4 1 98000.00 24500.00 4/5=0.8000 2 39200.00",
                    "unknown overall 0 0 0.00 - 0/0=- 0 0.00"));

    private GroupedFigures() {
    }

    /** The groups of {@code revenue?groupBy=<dimension>}, and overall and by segment unchanged. */
    public static void assertRevenue(String dimension, JsonNode revenue) {
        ExpectedFigures.assertRevenue(revenue);
        assertThat(revenue.get("groupBy").asText()).isEqualTo(dimension);
        List<String> rows = new ArrayList<>();
        for (JsonNode g : revenue.get("groups")) {
            rows.add(g.get("value").asText() + " " + g.get("basis").asText() + " "
                    + ExpectedFigures.figures(g.get("figures")));
        }
        assertThat(rows).containsExactlyElementsOf(REVENUE.get(dimension));
    }

    static JsonNode group(JsonNode report, String value) {
        for (JsonNode g : report.get("groups")) {
            if (g.get("value").asText().equals(value)) {
                return g;
            }
        }
        throw new AssertionError("no group " + value + " in " + report);
    }

    /** {@code velocity?groupBy=source}: the web group, and the overall figures unchanged. */
    public static void assertVelocityBySource(JsonNode velocity) {
        ExpectedFigures.assertVelocity(velocity);
        assertThat(velocity.get("groupBy").asText()).isEqualTo("source");
        JsonNode web = group(velocity, "web");
        List<String> rows = new ArrayList<>();
        for (JsonNode s : web.get("stages")) {
            rows.add(s.get("stage").asText() + ">" + s.get("next").asText() + " "
                    + ExpectedFigures.stats(s.get("timeInStage")));
        }
        assertThat(rows).containsExactly(
                "LEAD>MQL 13 86400 86400",
                "MQL>SAL 10 420 1500",
                "SAL>SQL 8 172200 172680",
                "SQL>WON 5 604800 604800");
        assertThat(ExpectedFigures.stats(web.get("leadToWon"))).isEqualTo("5 864000 864000");
    }

    /** {@code sla?groupBy=owner}: compliance, black hole and breaches per owner, and the overall figures. */
    public static void assertSlaByOwner(JsonNode sla) {
        ExpectedFigures.assertSla(sla);
        assertThat(sla.get("groupBy").asText()).isEqualTo("owner");
        List<String> rows = new ArrayList<>();
        for (JsonNode g : sla.get("groups")) {
            rows.add(g.get("value").asText() + " " + ExpectedFigures.r(g.get("compliance")) + " "
                    + g.get("blackHoleLeadIds") + " " + g.get("breachesByOwner"));
        }
        assertThat(rows).containsExactly(
                "alice 8/10=0.8000 [\"g10\",\"g41\"] {\"alice\":2}",
                "bob 10/10=1.0000 [] {}",
                "carol 6/8=0.7500 [\"g29\"] {\"carol\":2}",
                "dave 0/0=- [] {}",
                "unknown 0/0=- [] {}");
    }

    /** {@code drop-off?groupBy=owner}: alice's stuck leads and exits, and the overall figures. */
    public static void assertDropOffByOwner(JsonNode dropOff) {
        ExpectedFigures.assertDropOff(dropOff);
        assertThat(dropOff.get("groupBy").asText()).isEqualTo("owner");
        JsonNode alice = group(dropOff, "alice");
        List<String> stuck = new ArrayList<>();
        for (JsonNode s : alice.get("stuck")) {
            stuck.add(s.get("stage").asText() + " " + s.get("count").asLong() + " " + s.get("leadIds"));
        }
        assertThat(stuck).containsExactly("LEAD 0 []", "MQL 1 [\"g10\"]", "SAL 0 []",
                "SQL 2 [\"g16\",\"g26\"]");
        assertThat(ExpectedFigures.map(alice.get("exitsAfterStage"))).isEqualTo(Map.of("SQL", 1));
    }

    /** {@code lift?groupBy=campaign}: the campaign dimension alone. */
    public static void assertLiftByCampaign(JsonNode lift) {
        assertThat(ExpectedFigures.r(lift.get("overall"))).isEqualTo("9/42=0.2143");
        assertThat(lift.get("dimensions")).hasSize(1);
        JsonNode campaign = lift.get("dimensions").get(0);
        assertThat(campaign.get("dimension").asText()).isEqualTo("campaign");
        List<String> rows = new ArrayList<>();
        for (JsonNode v : campaign.get("values")) {
            rows.add(v.get("value").asText() + " " + ExpectedFigures.r(v.get("conversion")) + " "
                    + v.get("lift").decimalValue().setScale(4, RoundingMode.UNNECESSARY).toPlainString());
        }
        assertThat(rows).containsExactly(
                "ads-q3 0/4=0.0000 0.0000",
                "expo-2026 0/5=0.0000 0.0000",
                "fall-web 5/20=0.2500 1.1667",
                "unknown 4/4=1.0000 4.6667",
                "webinar-q3 0/9=0.0000 0.0000");
    }

    /** {@code /funnel?groupBy=campaign}: stages reached per campaign. */
    public static void assertConversionByCampaign(JsonNode funnel) {
        List<String> rows = new ArrayList<>();
        for (JsonNode g : funnel.get("groups")) {
            StringBuilder row = new StringBuilder(g.get("value").asText());
            for (JsonNode s : g.get("stages")) {
                row.append(' ').append(s.get("reached").asLong());
            }
            rows.add(row.toString());
        }
        assertThat(rows).containsExactly("ads-q3 4 1 0 0 0", "expo-2026 5 4 2 2 0", "fall-web 20 13 10 8 5",
                "unknown 4 4 4 4 4", "webinar-q3 9 9 7 5 0");
    }
}
