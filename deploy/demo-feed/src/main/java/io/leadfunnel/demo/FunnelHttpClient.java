package io.leadfunnel.demo;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The feed's one HTTP client and its timeouts: 3 s to connect, 5 s for the start-up check, 15 s for a webhook
 * delivery, 10 s for a handoff API call. It retries nothing: a failed call is counted by its caller and the feed goes
 * on (the retries in the log are the senders' deliberate replays).
 */
final class FunnelHttpClient {

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration API_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** Whether anything answers at {@code url}; says on stderr what to start when not. */
    boolean reachable(String url) {
        try {
            http.send(HttpRequest.newBuilder(URI.create(url)).timeout(CHECK_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            System.err.println("demo-feed: " + url + " is unreachable (" + e + "); is deploy/local/run running?");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Posts a webhook delivery the sender has addressed and signed. */
    HttpResponse<String> deliver(HttpRequest.Builder request, byte[] body) throws IOException, InterruptedException {
        return send(request.timeout(WEBHOOK_TIMEOUT).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** A handoff API read as the holder of {@code token}. */
    HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).timeout(API_TIMEOUT).GET().build());
    }

    /** A handoff API PUT of a JSON body as the holder of {@code token}. */
    HttpResponse<String> put(String url, String token, String json) throws IOException, InterruptedException {
        return send(withJson(url, token).PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** A handoff API POST of a JSON body as the holder of {@code token}. */
    HttpResponse<String> post(String url, String token, String json) throws IOException, InterruptedException {
        return send(withJson(url, token).POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static HttpRequest.Builder withJson(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(API_TIMEOUT);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            // without the query: the Salesforce URL's token stays out of the log
            URI uri = request.uri();
            throw new IOException(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath()
                    + " is unreachable", e);
        }
    }
}
