package io.leadfunnel.metrics;

import io.leadfunnel.metrics.scenario.GoldenFeed;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login required but no identity provider configured: the service starts, and the page lets no browser in (401, no
 * figure) while a bearer token of a metrics role still opens it.
 */
@QuarkusTest
@TestProfile(NoIdentityProviderProfile.class)
class NoIdentityProviderTest {

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    @Test
    void thePageAnswers401WithoutATokenAndShowsNoFigure() {
        GoldenFeed.publishOnce(infrastructure);
        GoldenScenarioTest.awaitGoldenFigures();

        String body = given().redirects().follow(false).accept("text/html").get("/" + FunnelPageTest.RANGE)
                .then().statusCode(401).extract().asString();

        assertThat(body).doesNotContain(FunnelPageTest.VISIBLE).doesNotContain(FunnelPageLoginTest.PRIVATE);
        assertThat(given().auth().oauth2(TestTokens.forRole("wall", "metrics-reader")).get("/" + FunnelPageTest.RANGE)
                .then().statusCode(200).extract().asString()).contains(FunnelPageLoginTest.PRIVATE);
    }
}
