package io.leadfunnel.metrics;

import io.leadfunnel.metrics.scenario.GoldenFeed;
import io.leadfunnel.metrics.scenario.GoldenScenario;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The same figures as CSV with {@code Accept: text/csv}, and the API documented in OpenAPI. */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class CsvAndOpenApiTest {

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    @TestHTTPResource(value = "/openapi", management = true)
    URL openApi;

    static String csv(String endpoint) {
        return given().auth().oauth2(TestTokens.forRole("sam", "sales")).accept("text/csv")
                .when().get("/funnel" + endpoint + "?" + GoldenScenario.QUERY)
                .then().statusCode(200).contentType("text/csv").extract().asString();
    }

    @Test
    void everyEndpointAnswersCsvWithTheGoldenFigures() {
        GoldenFeed.publishOnce(infrastructure);
        GoldenScenarioTest.awaitGoldenFigures();

        assertThat(csv("")).startsWith("section,group,from,to,bucket,numerator,denominator,rate,mature\r\n")
                .contains("next-step,all,,MQL,,31,42,0.7381,\r\n")
                .contains("lead-to-won,all,LEAD,WON,,9,42,0.2143,\r\n")
                .contains("cohort-conversion,all,LEAD,WON,2026-09-07T00:00:00Z,3,10,0.3000,true\r\n")
                .contains("cohort-conversion,all,LEAD,WON,2026-09-28T00:00:00Z,2,12,0.1667,false\r\n")
                .contains("flow-ratio,all,LEAD,WON,2026-09-07T00:00:00Z,0,10,0.0000,\r\n");
        assertThat(csv("/velocity")).contains("MQL,SAL,19,600,18000\r\n", "LEAD,WON,9,864000,864000\r\n");
        assertThat(csv("/drop-off")).contains("rejection,webinar,bad-timing,2\r\n", "stuck,SQL,,4\r\n");
        assertThat(csv("/sla")).contains("compliance,rate,0.8571\r\n", "speed-to-lead,0-5m,8\r\n");
        assertThat(csv("/revenue")).contains("all,,7,3,143000.00,20428.57,0.7000,6,87000.00\r\n");
        assertThat(csv("/lift")).contains("scoreBand,high,9,15,0.6000,2.8000\r\n");
    }

    @Test
    void theApiIsDocumentedInOpenApiOnTheManagementPort() {
        String document = given().accept("application/json").when().get(openApi).then().statusCode(200)
                .extract().asString();

        assertThat(document).contains("\"/funnel\"", "\"/funnel/velocity\"", "\"/funnel/drop-off\"",
                "\"/funnel/sla\"", "\"/funnel/revenue\"", "\"/funnel/lift\"", "\"/admin/rebuild\"",
                "\"Conversion\"", "CohortConversion", "FlowRatio", "groupBy", "bucket", "window",
                "the rate can still rise");
    }
}
