package io.leadfunnel.testing.kits;

import io.leadfunnel.testing.TestTokens;

import java.net.URL;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/**
 * What every service's health and token handling must show: readiness (with MongoDB), the {@code broker} group and
 * Prometheus metrics on the management interface and not on the API port; and bearer tokens refused unless valid,
 * from the trusted issuer, for this application, and carrying a role the endpoint allows.
 */
public final class ServiceHealth {

    private ServiceHealth() {
    }

    /**
     * Readiness UP with a MongoDB check, the broker group UP, Prometheus metrics served, all on the management
     * interface (a test port, not the production one), and no health on the API port.
     */
    public static void assertManagementInterface(URL readiness, URL brokerGroup, URL metrics, URL healthOnTheApiPort,
                                                 int productionManagementPort) {
        given().get(readiness).then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem(containsString("MongoDB")));
        given().get(brokerGroup).then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem("kafka-broker"));
        given().get(metrics).then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get(healthOnTheApiPort).then().statusCode(404);
        assertThat(readiness.getPort()).isNotEqualTo(healthOnTheApiPort.getPort())
                .isNotEqualTo(productionManagementPort);
    }

    /**
     * {@code GET path}: served (200) with a valid token of {@code allowedRole}; 401 without a token, with an expired
     * one, one signed by another key, from another issuer or for another application; 403 for {@code deniedRole}.
     */
    public static void assertTokens(String path, String allowedRole, String deniedRole) {
        given().auth().oauth2(TestTokens.forRole("alice", allowedRole)).get(path).then().statusCode(200);
        given().get(path).then().statusCode(401);
        given().auth().oauth2(TestTokens.expired("alice", allowedRole)).get(path).then().statusCode(401);
        given().auth().oauth2(TestTokens.signedByOtherKey("alice", allowedRole)).get(path).then().statusCode(401);
        given().auth().oauth2(TestTokens.withIssuer("https://elsewhere.example", "alice", allowedRole)).get(path)
                .then().statusCode(401);
        given().auth().oauth2(TestTokens.withAudience("another-app", "alice", allowedRole)).get(path)
                .then().statusCode(401);
        given().auth().oauth2(TestTokens.withAudience(TestTokens.AUDIENCE, "alice", allowedRole)).get(path)
                .then().statusCode(200);
        given().auth().oauth2(TestTokens.forRole("bob", deniedRole)).get(path).then().statusCode(403);
    }
}
