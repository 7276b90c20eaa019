package io.leadfunnel.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends a request body over a service's limit the way a careful client does: with {@code Expect: 100-continue}, so
 * the service can refuse it from its {@code Content-Length} before a byte of the body is sent. Without it the answer
 * races the upload (the service answers 413 and closes while the client still writes, which the client may see as a
 * broken pipe instead of the answer).
 */
public final class OversizedRequests {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private OversizedRequests() {
    }

    /** The status a {@code POST} of this JSON body to {@code uri} gets, with a bearer token. */
    public static int postJson(URI uri, String bearer, String body) {
        HttpRequest request = HttpRequest.newBuilder(uri).expectContinue(true).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException("POST " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
