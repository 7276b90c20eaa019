package io.leadfunnel.testing.fuzz;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A keep-alive HTTP client for fuzz tests: sends raw bytes, returns the status. A body over {@value #LARGE_BODY} bytes,
 * or a request line or token over {@value #LONG_REQUEST_HEAD} characters, may be refused (413, 414, 431) and the
 * connection closed before the client finished sending it: that answers {@value #CLOSED_ON_LARGE_BODY}. A request
 * that fails on a kept-alive connection is sent again, the second time on a connection of its own (see
 * {@link #sendResending}); an I/O failure on that one means the service gave no answer and is reported as
 * {@value #NO_ANSWER}, a server error.
 */
public final class FuzzClient {

    /** Bodies larger than this may be refused before they are read. */
    public static final int LARGE_BODY = 1 << 20;
    /**
     * Request lines and header values longer than this may be refused (414, 431) before the request is read (the HTTP
     * layer's limits are 4 KiB for the request line and 8 KiB for all headers).
     */
    public static final int LONG_REQUEST_HEAD = 4096;
    /** The status reported when the service closed the connection on a large body. */
    public static final int CLOSED_ON_LARGE_BODY = 499;
    /** The status reported when the service gave no answer at all. */
    public static final int NO_ANSWER = 599;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public FuzzClient(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** A path segment or query value as the client would send it, whatever characters it holds. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public int send(String method, String pathAndQuery, String token, byte[] body) {
        return send(method, pathAndQuery, token, body, null);
    }

    /** As {@link #send(String, String, String, byte[])}, with an {@code Accept} header when not null. */
    public int send(String method, String pathAndQuery, String token, byte[] body, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            return sendResending(http, request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            boolean refusableUnread = body != null && body.length > LARGE_BODY
                    || pathAndQuery.length() > LONG_REQUEST_HEAD
                    || token != null && token.length() > LONG_REQUEST_HEAD;
            return refusableUnread ? CLOSED_ON_LARGE_BODY : NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends {@code request}; when the exchange fails with an I/O error it is sent once more through {@code http}, and
     * if that fails too, once more through a new client, whose connection nothing else has used. The service may close
     * a kept-alive connection after refusing a body unread, and the client's pool can hold more than one such
     * connection; a CRM sender retries a delivery whose connection broke. The third failure is thrown: on a connection
     * of its own, the service gave no answer.
     */
    public static <T> HttpResponse<T> sendResending(HttpClient http, HttpRequest request,
                                                    HttpResponse.BodyHandler<T> handler)
            throws java.io.IOException, InterruptedException {
        try {
            return http.send(request, handler);
        } catch (java.io.IOException stale) {
            try {
                return http.send(request, handler);
            } catch (java.io.IOException staleAgain) {
                HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                return fresh.send(request, handler);
            }
        }
    }
}
