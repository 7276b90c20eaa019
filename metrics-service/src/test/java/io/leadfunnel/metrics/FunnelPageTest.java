package io.leadfunnel.metrics;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.leadfunnel.metrics.scenario.GoldenFeed;
import io.leadfunnel.metrics.scenario.GoldenScenario;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWireMock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 6: the funnel page shows the golden scenario's figures, works without any external resource, and renders
 * in headless Chromium (Debian's {@code chromium}, installed here with apt-get when missing), which writes a screenshot
 * to {@code target/funnel-page.png}. Chromium goes through the login like any browser: the OIDC test server signs it
 * in without a form (as a provider does for a user who already has a session there).
 */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class FunnelPageTest {

    static final String RANGE = "?from=2026-09-07&to=2026-10-05&asOf=2026-10-12T00:00:00Z";
    /** Figures of golden/expected.md as the page formats them. */
    static final List<String> VISIBLE = List.of("42 leads", "lead to won 21.4 %", ">31<", ">23<", ">19<", ">9<",
            "73.8 % of leads", "47.4 % from previous", "<td>web</td><td class=\"n\">20</td><td class=\"n\">13</td>"
                    + "<td class=\"n\">10</td><td class=\"n\">8</td><td class=\"n\">5</td><td class=\"n\">25.0 %</td>",
            "85.7 %", "24 of 28 hand-offs", "MQL → SAL</td><td class=\"n\">10 min</td><td class=\"n\">5 h 0 min",
            "LEAD → WON (cycle)</td><td class=\"n\">10 d 0 h", "143,000.00", "20,428.57", "87,000.00", "70.0 %");

    @TestHTTPResource("/")
    URL page;

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    @OidcWireMock
    WireMockServer identityProvider;

    String html() {
        GoldenFeed.publishOnce(infrastructure);
        GoldenScenarioTest.awaitGoldenFigures();
        return given().auth().oauth2(TestTokens.forRole("wall-display", "metrics-reader")).when().get("/" + RANGE)
                .then().statusCode(200).contentType("text/html").extract().asString();
    }

    @Test
    void thePageShowsTheGoldenScenarioFiguresWithoutExternalResources() {
        String html = html();

        assertThat(html).contains(VISIBLE);
        assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//");
        assertThat(given().when().get("/funnel-page.js").then().statusCode(200).extract().asString())
                .contains("data-days");
        assertThat(GoldenScenario.QUERY).startsWith(RANGE.substring(1, 30));
    }

    @Test
    void headlessChromiumRendersThePageAndTakesAScreenshot() throws Exception {
        html();
        String chromium = chromium();
        Path screenshot = Path.of("target/funnel-page.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        String url = page.toString().replaceAll("/$", "") + "/" + RANGE;
        // the provider's authorization endpoint answers with the code at once (user alice, roles user and admin)
        StubMapping signedIn = identityProvider.stubFor(get(urlPathMatching("/auth/realms/quarkus[/]?")).atPriority(1)
                .willReturn(aResponse().withStatus(302).withHeader("Location",
                                "{{request.query.redirect_uri}}?state={{request.query.state}}&code=chromium")
                        .withTransformers("response-template")));
        String dom;
        try {
            dom = run(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--virtual-time-budget=3000", "--dump-dom", url));
            run(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--hide-scrollbars", "--window-size=1400,1300", "--screenshot=" + screenshot, url));
        } finally {
            identityProvider.removeStub(signedIn);
        }

        assertThat(dom).contains(VISIBLE);
        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    /** Chromium from PATH, installed with apt-get (Debian package {@code chromium}) when missing. */
    static String chromium() throws IOException, InterruptedException {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        List<String> install = List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium");
        try {
            run(install);
        } catch (AssertionError staleLists) {
            run(List.of("apt-get", "update", "-q"));
            run(install);
        }
        assertThat(Path.of("/usr/bin/chromium")).as("chromium after apt-get install").isExecutable();
        return "/usr/bin/chromium";
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("%s finished", command.get(0)).isTrue();
        assertThat(process.exitValue()).as("exit code of %s", command).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
