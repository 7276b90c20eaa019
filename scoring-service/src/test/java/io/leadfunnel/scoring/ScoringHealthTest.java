package io.leadfunnel.scoring;

import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.kits.ServiceHealth;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

@QuarkusTest
@TestProfile(ScoringTestProfile.class)
class ScoringHealthTest {

    /** Management URLs are relative to the management root path, {@code /q}. */
    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;

    @TestHTTPResource(value = "/health/group/broker", management = true)
    URL broker;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @TestHTTPResource("/q/health")
    URL healthOnTheApiPort;

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    @Test
    void servesHealthAndMetricsOnTheManagementInterfaceOnly() {
        ServiceHealth.assertManagementInterface(readiness, broker, metrics, healthOnTheApiPort, 9082);
    }

    @Test
    void usesTheSharedTestInfrastructure() {
        assertThat(infrastructure).isSameAs(FunnelInfrastructure.get());
    }

    @Test
    void acceptsOnlyValidTokensForThisApplicationWithTheRole() {
        ServiceHealth.assertTokens("/test-only/security-probe/role", SecurityProbeResource.ROLE, "marketing");
        given().auth().oauth2(TestTokens.forRole("alice", SecurityProbeResource.ROLE))
                .when().get("/test-only/security-probe/role")
                .then().statusCode(200).body(is("alice"));
    }

    @Test
    void deniesEndpointsWithoutARoleAnnotation() {
        given().auth().oauth2(TestTokens.forRole("alice", "admin"))
                .when().get("/test-only/security-probe/unannotated").then().statusCode(403);
    }
}
