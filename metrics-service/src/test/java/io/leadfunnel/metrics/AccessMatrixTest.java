package io.leadfunnel.metrics;

import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.kits.AccessMatrix;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.Set;

import static io.leadfunnel.testing.kits.AccessMatrix.row;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Who may call what (README, Security), every operation of the OpenAPI document against every role and no token. */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class AccessMatrixTest {

    static final Set<String> READERS = Set.of("metrics-reader", "marketing", "sales", "sales-ops", "admin");
    static final Set<String> ADMIN = Set.of("admin");

    @TestHTTPResource(value = "/openapi", management = true)
    URL openApi;

    @Test
    void every_documented_operation_has_a_row_and_every_caller_gets_what_the_row_says() {
        try {
            AccessMatrix.of(
                    row("GET /funnel", READERS),
                    row("GET /funnel/velocity", READERS),
                    row("GET /funnel/drop-off", READERS),
                    row("GET /funnel/sla", READERS),
                    row("GET /funnel/revenue", READERS),
                    row("GET /funnel/lift", READERS),
                    row("GET /admin/rebuild", ADMIN),
                    row("POST /admin/rebuild", ADMIN))
                    // the funnel page is a page for browsers behind the login, not in the document:
                    // FunnelPageLoginTest and AnonymousFunnelPageTest check who sees what there
                    .check(openApi);
        } finally {
            // the admin's call started a real rebuild: let it finish before other tests look at the figures
            await().atMost(Duration.ofSeconds(60)).until(() -> !"running".equals(
                    given().auth().oauth2(TestTokens.forRole("matrix-admin", "admin")).get("/admin/rebuild")
                            .jsonPath().getString("state")));
        }
    }
}
