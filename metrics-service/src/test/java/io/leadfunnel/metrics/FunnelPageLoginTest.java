package io.leadfunnel.metrics;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.leadfunnel.metrics.scenario.GoldenFeed;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The funnel page behind the OpenID Connect authorization code flow, against Quarkus's OIDC test server: without a
 * login the page redirects to the identity provider and shows no figure; after a real login (the provider's form, the
 * code sent back, exchanged by the service for tokens, a session cookie) a user with a metrics role sees the figures,
 * a user without one gets 403. The page's session is no credential for the API.
 */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class FunnelPageLoginTest {

    /** Figures that only the full page shows: revenue, average order, expected revenue, SLA compliance. */
    static final List<String> PRIVATE = List.of("143,000.00", "20,428.57", "87,000.00", "24 of 28 hand-offs",
            "breaches by owner");

    @TestHTTPResource("/")
    URL page;

    @ConfigProperty(name = "keycloak.url")
    String provider;

    @ConfigProperty(name = "quarkus.oidc.page.client-id")
    String clientId;

    @OidcWireMock
    WireMockServer identityProvider;

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    private final List<StubMapping> stubs = new ArrayList<>();

    @BeforeEach
    void goldenFigures() {
        GoldenFeed.publishOnce(infrastructure);
        GoldenScenarioTest.awaitGoldenFigures();
    }

    URI pageWithRange() {
        return URI.create(page.toString().replaceAll("/$", "") + "/" + FunnelPageTest.RANGE);
    }

    @Test
    void withoutALoginThePageRedirectsToTheIdentityProviderAndShowsNoFigure() {
        PageBrowser browser = new PageBrowser();

        HttpResponse<String> answer = browser.get(pageWithRange());

        assertThat(answer.statusCode()).isEqualTo(302);
        URI login = URI.create(answer.headers().firstValue("Location").orElseThrow());
        assertThat(login.toString()).startsWith(provider + "/realms/quarkus");
        assertThat(login.getQuery()).contains("response_type=code", "client_id=" + clientId,
                "redirect_uri=" + page.toString().replaceAll("/$", "") + "/");
        assertThat(answer.body()).doesNotContain(FunnelPageTest.VISIBLE).doesNotContain(PRIVATE)
                .doesNotContain("leads");
        // a program without a token is not let in either
        given().redirects().follow(false).get("/" + FunnelPageTest.RANGE).then().statusCode(302);
    }

    @Test
    void afterALoginWithAMetricsRoleThePageShowsTheFigures() {
        PageBrowser browser = new PageBrowser();

        // the test server's user alice has the roles user and admin
        HttpResponse<String> answer = browser.logIn(pageWithRange(), "alice");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.uri().getQuery()).as("back on the range asked for").isEqualTo(
                FunnelPageTest.RANGE.substring(1));
        assertThat(answer.body()).contains(FunnelPageTest.VISIBLE).contains(PRIVATE);
        assertThat(browser.visited).anySatisfy(uri -> assertThat(uri.toString()).startsWith(provider));
        assertThat(answer.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("frame-ancestors 'none'"));

        // the session stays: the page again, without the identity provider
        HttpResponse<String> again = browser.get(pageWithRange());
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains(PRIVATE);

        // the page's session cookie is no credential for the API, which takes bearer tokens only
        HttpResponse<String> api = browser.get(URI.create(page.toString().replaceAll("/$", "") + "/funnel/revenue"));
        assertThat(api.statusCode()).isEqualTo(401);
    }

    @Test
    void aLoggedInUserWithoutAMetricsRoleGets403AndNoFigure() {
        // bob logs in at the same provider, with the role "user" only
        stubs.add(identityProvider.stubFor(get(urlPathEqualTo("/login")).withQueryParam("username", equalTo("bob"))
                .willReturn(aResponse().withStatus(302)
                        .withHeader("Location", "{{request.query.redirect_uri}}?state={{request.query.state}}&code=bob")
                        .withTransformers("response-template"))));
        stubs.add(identityProvider.stubFor(post(urlPathEqualTo("/auth/realms/quarkus/token"))
                .withRequestBody(containing("code=bob"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"" + OidcWiremockTestResource.getAccessToken("bob", Set.of("user"))
                                + "\",\"token_type\":\"Bearer\",\"id_token\":\""
                                + OidcWiremockTestResource.getIdToken("bob", Set.of("user"), clientId) + "\"}"))));
        try {
            PageBrowser browser = new PageBrowser();

            HttpResponse<String> answer = browser.logIn(pageWithRange(), "bob");

            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(answer.uri().getPath()).isEqualTo("/");
            assertThat(answer.body()).doesNotContain(FunnelPageTest.VISIBLE).doesNotContain(PRIVATE);
        } finally {
            stubs.forEach(identityProvider::removeStub);
        }
    }

    @Test
    void aBearerTokenOfAMetricsRoleOpensThePageAndOtherTokensDoNot() {
        given().auth().oauth2(TestTokens.forRole("wall", "metrics-reader")).get("/" + FunnelPageTest.RANGE)
                .then().statusCode(200);
        assertThat(given().auth().oauth2(TestTokens.forRole("nobody")).get("/" + FunnelPageTest.RANGE)
                .then().statusCode(403).extract().asString()).doesNotContain(PRIVATE);
        given().auth().oauth2(TestTokens.withAudience("another-app", "wall", "metrics-reader")).redirects()
                .follow(false).get("/" + FunnelPageTest.RANGE).then().statusCode(401);
    }
}
