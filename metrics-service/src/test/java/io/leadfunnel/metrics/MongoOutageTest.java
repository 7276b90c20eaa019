package io.leadfunnel.metrics;

import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.kits.MongoOutage;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MongoDB taken away: readiness goes DOWN; every report, read from the stored aggregates, and a rebuild, which need the
 * store, are 503 problem+json with Retry-After, never a 4xx or 500; the rebuild's status (kept in memory) and the
 * page's login are still served. MongoDB back: readiness, the reports and rebuilds recover by themselves.
 */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class MongoOutageTest {

    private static final String ADMIN = TestTokens.forRole("outage-admin", "admin");
    private static final List<String> SERVED_FROM_MEMORY = List.of("/admin/rebuild");

    @InjectFunnelInfrastructure
    FunnelInfrastructure infra;

    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;

    @Test
    void while_mongodb_is_down_the_reports_and_a_rebuild_are_503_and_readiness_is_down_then_recover() {
        awaitNoRebuild();
        given().auth().oauth2(ADMIN).get("/funnel").then().statusCode(200);
        Map<String, Integer> whileDown = new ConcurrentHashMap<>();
        // the outage's only call that needs the store; the figures are asked for first, while MongoDB is down
        Supplier<Response> rebuild = () -> {
            for (String path : SERVED_FROM_MEMORY) {
                whileDown.put("GET " + path, given().auth().oauth2(ADMIN).get(path).statusCode());
            }
            whileDown.put("GET / (no token)", given().get("/").statusCode());
            return given().auth().oauth2(ADMIN).post("/admin/rebuild");
        };

        MongoOutage.check(infra, readiness, Map.of("POST /admin/rebuild", rebuild,
                        "GET /funnel", () -> given().auth().oauth2(ADMIN).get("/funnel"),
                        "GET /funnel/lift", () -> given().auth().oauth2(ADMIN).get("/funnel/lift"),
                        "GET /funnel/velocity", () -> given().auth().oauth2(ADMIN).get("/funnel/velocity"),
                        "GET /funnel/drop-off", () -> given().auth().oauth2(ADMIN).get("/funnel/drop-off"),
                        "GET /funnel/sla", () -> given().auth().oauth2(ADMIN).get("/funnel/sla"),
                        "GET /funnel/revenue", () -> given().auth().oauth2(ADMIN).get("/funnel/revenue")),
                () -> {
                    given().auth().oauth2(ADMIN).get("/funnel").then().statusCode(200);
                    given().auth().oauth2(ADMIN).post("/admin/rebuild").then().statusCode(202);
                });

        assertThat(whileDown).as("answers while MongoDB was down").hasSize(SERVED_FROM_MEMORY.size() + 1)
                .allSatisfy((call, status) -> assertThat(status).as(call).isEqualTo(200));
        awaitNoRebuild();
        given().auth().oauth2(ADMIN).get("/admin/rebuild").then().statusCode(200);
        assertThat(given().auth().oauth2(ADMIN).get("/admin/rebuild").jsonPath().getString("state")).isEqualTo("done");
    }

    private static void awaitNoRebuild() {
        await().atMost(Duration.ofSeconds(90)).until(() -> !"running".equals(
                given().auth().oauth2(ADMIN).get("/admin/rebuild").jsonPath().getString("state")));
    }
}
