package io.leadfunnel.metrics;

import io.leadfunnel.metrics.scenario.GoldenFeed;
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
 * The anonymous page an operator may choose ({@code FUNNEL_PAGE_ACCESS=anonymous}): no login, the stage and source
 * counts with their conversion rates, and no revenue, velocity, SLA figure or owner name, whoever asks. The API still
 * wants its bearer tokens.
 */
@QuarkusTest
@TestProfile(AnonymousPageProfile.class)
class AnonymousFunnelPageTest {

    /** Golden conversion figures as the page formats them (golden/expected.md). */
    static final List<String> COUNTS = List.of("42 leads", "lead to won 21.4 %", ">31<", ">23<", ">19<", ">9<",
            "73.8 % of leads", "47.4 % from previous", "<td>web</td><td class=\"n\">20</td><td class=\"n\">13</td>"
                    + "<td class=\"n\">10</td><td class=\"n\">8</td><td class=\"n\">5</td><td class=\"n\">25.0 %</td></tr>",
            "<td>fall-web</td><td class=\"n\">20</td><td class=\"n\">13</td>");

    /** Revenue, average order, expected revenue, win rate, SLA, velocity and the owners with SLA breaches. */
    static final List<String> WITHHELD = List.of("143,000.00", "20,428.57", "87,000.00", "70.0 %", "Won revenue",
            "Average order", "Expected revenue", "hand-offs", "Compliance", "breaches by owner", "alice", "carol",
            "LEAD → WON (cycle)", "10 min", "won revenue", "expected revenue", "75,000.00", "28,600.00");

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    @Test
    void withoutALoginThePageShowsTheConversionCountsAndNothingElse() {
        GoldenFeed.publishOnce(infrastructure);
        GoldenScenarioTest.awaitGoldenFigures();

        String html = given().redirects().follow(false).get("/" + FunnelPageTest.RANGE).then().statusCode(200)
                .contentType("text/html").header("Cache-Control", "no-store").extract().asString();

        assertThat(html).contains(COUNTS).contains("conversion counts only");
        assertThat(html).doesNotContain(WITHHELD);
        // a reader's token changes nothing on this page: the figures stay in the API
        assertThat(given().auth().oauth2(TestTokens.forRole("alice", "admin")).get("/" + FunnelPageTest.RANGE)
                .then().statusCode(200).extract().asString()).contains(COUNTS).doesNotContain(WITHHELD);
        given().get("/funnel/revenue").then().statusCode(401);
        given().auth().oauth2(TestTokens.forRole("alice", "metrics-reader")).get("/funnel/revenue")
                .then().statusCode(200);
    }
}
