package io.leadfunnel.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser as far as the login needs one: it keeps cookies (per host, like a browser) and follows redirects one hop
 * at a time, remembering each, so a test sees where the page sent it. It submits the OIDC test server's login form the
 * way a user would: the form's hidden fields and a user name.
 */
final class PageBrowser {

    private static final Pattern HIDDEN = Pattern.compile("name=\"(state|redirect_uri)\" value=\"([^\"]*)\"");

    private final HttpClient client = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** Every URI requested, in order. */
    final List<URI> visited = new ArrayList<>();

    /** One request, no redirect followed. */
    HttpResponse<String> get(URI uri) {
        visited.add(uri);
        try {
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Accept", "text/html")
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Requests {@code uri} and follows its redirects (at most ten) to an answer that is not one. */
    HttpResponse<String> open(URI uri) {
        return follow(get(uri));
    }

    /** Posts {@code fields} as a form to {@code action}, as a browser submits one, and follows the redirects. */
    HttpResponse<String> submit(URI action, Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&").append(encode(name)).append('=')
                .append(encode(value)));
        visited.add(action);
        try {
            return follow(client.send(HttpRequest.newBuilder(action).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> follow(HttpResponse<String> response) {
        URI start = response.uri();
        for (int hops = 0; isRedirect(response); hops++) {
            assertThat(hops).as("redirects from %s", start).isLessThan(10);
            response = get(response.uri().resolve(response.headers().firstValue("Location").orElseThrow()));
        }
        return response;
    }

    /**
     * Opens {@code page}, expects the identity provider's login form on the way, logs in as {@code user} and returns
     * where the redirects end: back on the page, as that user.
     */
    HttpResponse<String> logIn(URI page, String user) {
        HttpResponse<String> form = open(page);
        assertThat(form.statusCode()).as("login form of the identity provider").isEqualTo(200);
        assertThat(form.body()).contains("<form action=\"/login\"");
        StringBuilder login = new StringBuilder("/login?username=").append(encode(user)).append("&password=")
                .append(encode(user));
        Matcher hidden = HIDDEN.matcher(form.body());
        while (hidden.find()) {
            login.append('&').append(hidden.group(1)).append('=').append(encode(hidden.group(2)));
        }
        return open(form.uri().resolve(login.toString()));
    }

    static boolean isRedirect(HttpResponse<?> response) {
        return response.statusCode() >= 300 && response.statusCode() < 400
                && response.headers().firstValue("Location").isPresent();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
