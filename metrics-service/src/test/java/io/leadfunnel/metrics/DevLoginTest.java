package io.leadfunnel.metrics;

import io.leadfunnel.metrics.scenario.GoldenFeed;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The development login of {@code deploy/local/run} (funnel-testing's {@code DevLoginProvider}) in front of the page,
 * through the real code flow: its form, the password check, the code, the service's token exchange and the roles.
 */
@QuarkusTest
@TestProfile(DevLoginProfile.class)
class DevLoginTest {

    private static final Pattern HIDDEN = Pattern.compile("type=\"hidden\" name=\"([a-z_]+)\" value=\"([^\"]*)\"");

    @TestHTTPResource("/")
    URL page;

    @ConfigProperty(name = "dev-login.url")
    String provider;

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    @BeforeEach
    void goldenFigures() {
        GoldenFeed.publishOnce(infrastructure);
        GoldenScenarioTest.awaitGoldenFigures();
    }

    @Test
    void aReaderLogsInWithTheRunsPasswordAndSeesTheFigures() {
        PageBrowser browser = new PageBrowser();
        HttpResponse<String> form = browser.open(pageWithRange());
        assertThat(form.uri().toString()).startsWith(provider + "/authorize");
        assertThat(form.body()).contains("development login").doesNotContain(FunnelPageTest.VISIBLE);

        HttpResponse<String> wrong = browser.submit(action(form), fields(form, "metrics-reader", "guess"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.uri().getPath()).isEqualTo("/authorize");

        HttpResponse<String> answer = browser.submit(action(form),
                fields(form, "metrics-reader", DevLoginResource.PASSWORD));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.uri().getQuery()).isEqualTo(FunnelPageTest.RANGE.substring(1));
        assertThat(answer.body()).contains(FunnelPageTest.VISIBLE).contains(FunnelPageLoginTest.PRIVATE);
    }

    @Test
    void aUserWithoutARoleGets403() {
        PageBrowser browser = new PageBrowser();
        HttpResponse<String> form = browser.open(pageWithRange());

        HttpResponse<String> answer = browser.submit(action(form), fields(form, "", DevLoginResource.PASSWORD));

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).doesNotContain(FunnelPageTest.VISIBLE).doesNotContain(FunnelPageLoginTest.PRIVATE);
    }

    URI pageWithRange() {
        return URI.create(page.toString().replaceAll("/$", "") + "/" + FunnelPageTest.RANGE);
    }

    private static URI action(HttpResponse<String> form) {
        return form.uri().resolve("/authorize");
    }

    /** The form's hidden fields, a user name, the role picked and the password typed. */
    private static Map<String, String> fields(HttpResponse<String> form, String role, String password) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher hidden = HIDDEN.matcher(form.body());
        while (hidden.find()) {
            fields.put(hidden.group(1), hidden.group(2).replace("&amp;", "&").replace("&quot;", "\"")
                    .replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">"));
        }
        fields.put("user", "dana");
        fields.put("role", role);
        fields.put("password", password);
        return fields;
    }
}
