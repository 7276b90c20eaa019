package io.leadfunnel.metrics;

import io.leadfunnel.metrics.domain.Dimension;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.kits.ServiceHealth;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class MetricsHealthTest {

    /** Management URLs are relative to the management root path, {@code /q}. */
    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @TestHTTPResource(value = "/health/group/broker", management = true)
    URL broker;

    @TestHTTPResource("/q/health")
    URL healthOnTheApiPort;

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    @Test
    void servesHealthAndMetricsOnTheManagementInterfaceOnly() {
        ServiceHealth.assertManagementInterface(readiness, broker, metrics, healthOnTheApiPort, 9084);
    }

    @Test
    void usesTheSharedTestInfrastructure() {
        assertThat(infrastructure).isSameAs(FunnelInfrastructure.get());
    }

    @Test
    void acceptsADevelopmentTokenWithTheRole() {
        for (String role : new String[] {"metrics-reader", "marketing", "sales", "sales-ops", "admin"}) {
            given().auth().oauth2(TestTokens.forRole("alice", role))
                    .when().get("/funnel/sla").then().statusCode(200);
        }
    }

    @Test
    void acceptsOnlyValidTokensForThisApplicationWithTheRole() {
        ServiceHealth.assertTokens("/funnel", "metrics-reader", "guest");
    }

    @Test
    void onlyAdminsMayRebuild() {
        given().auth().oauth2(TestTokens.forRole("alice", "metrics-reader"))
                .when().post("/admin/rebuild").then().statusCode(403);
    }

    @Test
    void answersAnInvalidParameterWithAProblemNamingIt() {
        given().auth().oauth2(TestTokens.forRole("alice", "metrics-reader"))
                .when().get("/funnel?bucket=fortnight")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", is("https://leadfunnel.io/problems/invalid-query"))
                .body("errors[0].field", is("bucket"));
    }

    @Test
    void refusesAPeriodOrWindowThatWouldHaveToBeRoundedAndTakesWholeDaysAndHours() {
        String reader = TestTokens.forRole("alice", "metrics-reader");
        for (String[] refused : new String[][] {{"from", "from=2026-09-07T10:00:00Z"},
                {"to", "to=2026-09-08T00:00:00.5Z"}, {"window", "window=PT90M"}, {"window", "window=P2DT12H"}}) {
            given().auth().oauth2(reader).when().get("/funnel?" + refused[1])
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", is("https://leadfunnel.io/problems/invalid-query"))
                    .body("errors[0].field", is(refused[0]));
        }
        for (String taken : List.of("from=2026-09-07T00:00:00Z&to=2026-09-08", "window=PT36H", "window=P45D")) {
            given().auth().oauth2(reader).when().get("/funnel?" + taken).then().statusCode(200);
        }
    }

    @Test
    void refusesAnUnknownGroupingOnEveryReportAndTakesEveryDimension() {
        for (String report : List.of("/funnel", "/funnel/velocity", "/funnel/drop-off", "/funnel/sla",
                "/funnel/revenue", "/funnel/lift")) {
            for (String accept : List.of("application/json", "text/csv")) {
                given().auth().oauth2(TestTokens.forRole("alice", "metrics-reader")).accept(accept)
                        .when().get(report + "?groupBy=region")
                        .then().statusCode(400).contentType("application/problem+json")
                        .body("type", is("https://leadfunnel.io/problems/invalid-query"))
                        .body("errors[0].field", is("groupBy"))
                        .body("detail", containsString("definitionVersion"));
            }
            for (Dimension d : Dimension.values()) {
                given().auth().oauth2(TestTokens.forRole("alice", "metrics-reader"))
                        .when().get(report + "?groupBy=" + d.param()).then().statusCode(200);
            }
        }
    }
}
