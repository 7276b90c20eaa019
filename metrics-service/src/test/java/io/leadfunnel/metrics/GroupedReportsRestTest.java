package io.leadfunnel.metrics;

import io.leadfunnel.metrics.scenario.ExpectedFigures;
import io.leadfunnel.metrics.scenario.GoldenFeed;
import io.leadfunnel.metrics.scenario.GroupedFigures;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The golden scenario's grouped reports over REST (figures of {@code golden/expected-grouped.md}), as JSON, as CSV
 * and on the funnel page; the ungrouped answers stay those of {@code golden/expected.md}.
 */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class GroupedReportsRestTest {

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    void golden() {
        GoldenFeed.publishOnce(infrastructure);
        GoldenScenarioTest.awaitGoldenFigures();
    }

    @Test
    void everyReportAnswersItsGroupsWithTheHandComputedFigures() {
        golden();

        for (String dimension : List.of("source", "campaign", "owner", "team")) {
            GroupedFigures.assertRevenue(dimension, ExpectedFigures.parse(
                    GoldenScenarioTest.funnel("/revenue", "&groupBy=" + dimension)));
        }
        GroupedFigures.assertVelocityBySource(ExpectedFigures.parse(
                GoldenScenarioTest.funnel("/velocity", "&groupBy=source")));
        GroupedFigures.assertSlaByOwner(ExpectedFigures.parse(GoldenScenarioTest.funnel("/sla", "&groupBy=owner")));
        GroupedFigures.assertDropOffByOwner(ExpectedFigures.parse(
                GoldenScenarioTest.funnel("/drop-off", "&groupBy=owner")));
        GroupedFigures.assertLiftByCampaign(ExpectedFigures.parse(
                GoldenScenarioTest.funnel("/lift", "&groupBy=campaign")));
        GroupedFigures.assertConversionByCampaign(ExpectedFigures.parse(
                GoldenScenarioTest.funnel("", "&groupBy=campaign")));
    }

    @Test
    void revenueWithoutGroupByKeepsItsBySegmentAnswer() {
        golden();

        String revenue = GoldenScenarioTest.funnel("/revenue", "");

        assertThat(ExpectedFigures.parse(revenue).get("groups")).isEmpty();
        assertThat(ExpectedFigures.parse(revenue).get("groupBy").isNull()).isTrue();
        // grouped by segment explicitly: the segments that have leads, with the by-segment figures
        assertThat(ExpectedFigures.parse(GoldenScenarioTest.funnel("/revenue", "&groupBy=segment")).get("groups")
                .findValuesAsText("value")).containsExactly("enterprise", "mid", "small");
    }

    @Test
    void theCsvOfAGroupedReportCarriesTheGroupColumn() {
        golden();

        assertThat(csv("/revenue", "source")).startsWith("group,segment,basis,")
                .contains("all,all,,7,3,143000.00,20428.57,0.7000,6,87000.00\r\n",
                        "web,all,own,4,1,75000.00,18750.00,0.8000,1,15000.00\r\n",
                        "trade_show,all,overall,0,0,0.00,,,2,28600.00\r\n");
        assertThat(csv("/velocity", "source")).startsWith("group,stage,")
                .contains("all,MQL,SAL,19,600,18000\r\n", "web,MQL,SAL,10,420,1500\r\n");
        assertThat(csv("/sla", "owner")).contains("alice,compliance,rate,0.8000\r\n", "bob,compliance,due,10\r\n");
        assertThat(csv("/drop-off", "owner")).contains("alice,stuck,MQL,,1\r\n");
        assertThat(csv("/lift", "campaign")).contains("campaign,unknown,4,4,1.0000,4.6667\r\n");
    }

    static String csv(String endpoint, String groupBy) {
        return given().auth().oauth2(TestTokens.forRole("sam", "sales")).accept("text/csv")
                .when().get("/funnel" + endpoint + "?" + io.leadfunnel.metrics.scenario.GoldenScenario.QUERY
                        + "&groupBy=" + groupBy)
                .then().statusCode(200).contentType("text/csv").extract().asString();
    }

    @Test
    void theFunnelPageShowsRevenueAndConversionBySourceAndByCampaign() {
        golden();

        String html = given().auth().oauth2(TestTokens.forRole("wall-display", "metrics-reader"))
                .when().get("/" + FunnelPageTest.RANGE).then().statusCode(200).extract().asString();

        assertThat(html).contains("<h2>By source</h2>", "<h2>By campaign</h2>",
                "<td>web</td><td class=\"n\">20</td><td class=\"n\">13</td><td class=\"n\">10</td>"
                        + "<td class=\"n\">8</td><td class=\"n\">5</td><td class=\"n\">25.0 %</td>"
                        + "<td class=\"n\">75,000.00</td><td class=\"n\">80.0 %</td><td class=\"n\">15,000.00</td>",
                "<td>fall-web</td><td class=\"n\">20</td><td class=\"n\">13</td><td class=\"n\">10</td>"
                        + "<td class=\"n\">8</td><td class=\"n\">5</td><td class=\"n\">25.0 %</td>"
                        + "<td class=\"n\">75,000.00</td><td class=\"n\">80.0 %</td><td class=\"n\">15,000.00</td>",
                "<td>expo-2026</td><td class=\"n\">5</td>",
                "<td class=\"n\">0.00</td><td class=\"n\">–</td><td class=\"n\">28,600.00</td>");
    }
}
