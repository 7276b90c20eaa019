package io.leadfunnel.handoff;

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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

@QuarkusTest
@TestProfile(HandoffTestProfile.class)
class HandoffHealthTest {

    /** Management URLs are relative to the management root path, {@code /q}. */
    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @TestHTTPResource("/q/health")
    URL healthOnTheApiPort;

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    @Test
    void isReadyWithMongoDbOnTheManagementInterface() {
        given().when().get(readiness)
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem(containsString("MongoDB")));
    }

    @Test
    void servesPrometheusMetricsOnTheManagementInterface() {
        given().when().get(metrics)
                .then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void keepsHealthOffTheApiPort() {
        given().when().get(healthOnTheApiPort).then().statusCode(404);
    }

    @Test
    void usesTheSharedTestInfrastructure() {
        assertThat(infrastructure).isSameAs(FunnelInfrastructure.get());
        assertThat(readiness.getPort()).isNotEqualTo(healthOnTheApiPort.getPort()).isNotEqualTo(9083);
    }

    @Test
    void acceptsADevelopmentTokenWithTheRole() {
        given().auth().oauth2(TestTokens.forRole("alice", SecurityProbeResource.ROLE))
                .when().get("/test-only/security-probe/role")
                .then().statusCode(200).body(is("alice"));
    }

    @Test
    void refusesMissingExpiredForeignAndUnderprivilegedTokens() {
        given().when().get("/test-only/security-probe/role").then().statusCode(401);
        given().auth().oauth2(TestTokens.expired("alice", SecurityProbeResource.ROLE))
                .when().get("/test-only/security-probe/role").then().statusCode(401);
        given().auth().oauth2(TestTokens.signedByOtherKey("alice", SecurityProbeResource.ROLE))
                .when().get("/test-only/security-probe/role").then().statusCode(401);
        given().auth().oauth2(TestTokens.withIssuer("https://elsewhere.example", "alice", SecurityProbeResource.ROLE))
                .when().get("/test-only/security-probe/role").then().statusCode(401);
        given().auth().oauth2(TestTokens.forRole("bob", "marketing"))
                .when().get("/test-only/security-probe/role").then().statusCode(403);
    }

    @Test
    void refusesATokenIssuedForAnotherApplicationOfTheRealm() {
        given().auth().oauth2(TestTokens.withAudience("another-app", "alice", "sales-ops"))
                .when().get("/definitions/active").then().statusCode(401);
        given().auth().oauth2(TestTokens.withAudience(TestTokens.AUDIENCE, "alice", "sales-ops"))
                .when().get("/definitions/active").then().statusCode(200);
    }

    @Test
    void deniesEndpointsWithoutARoleAnnotation() {
        given().auth().oauth2(TestTokens.forRole("alice", "admin"))
                .when().get("/test-only/security-probe/unannotated").then().statusCode(403);
    }
}
