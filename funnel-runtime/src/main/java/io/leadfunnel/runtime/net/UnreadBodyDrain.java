package io.leadfunnel.runtime.net;

import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads and discards the rest of a request body that was answered without being read: a refusal made before the body
 * is looked at (wrong token or content type, unknown sender, an address over its rate limit) or part-way through it
 * (too large). Left unread, those bytes make the connection's eventual close a TCP reset, which can destroy the answer
 * already sent, so the sender sees a broken connection instead of the status that names the problem; and a paused
 * request would hold the kept-alive connection. Up to {@code quarkus.http.limits.max-body-size} (the largest body the
 * service accepts at all) is discarded as it arrives, never buffered; a body longer than that closes the connection.
 * HTTP/2 needs none of this: a stream ends without touching the connection.
 */
@ApplicationScoped
public class UnreadBodyDrain {

    /** After Quarkus's own body-size check, before any application route. */
    static final int ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1;

    private final long maxBodyBytes;

    @Inject
    public UnreadBodyDrain(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
                           String maxBodySize) {
        this(new MemorySizeConverter().convert(maxBodySize).asLongValue());
    }

    UnreadBodyDrain(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::watch);
    }

    /** Drains the request once its answer has been sent, if the body is not read to its end by then. */
    void watch(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!request.isEnded() && request.version() != HttpVersion.HTTP_2) {
            context.addEndHandler(sent -> {
                if (sent.succeeded()) {
                    drain(request);
                }
            });
        }
        context.next();
    }

    private void drain(HttpServerRequest request) {
        if (request.isEnded()) {
            return;
        }
        long[] read = {request.bytesRead()};
        request.exceptionHandler(ignored -> { });
        request.handler(chunk -> {
            read[0] += chunk.length();
            if (read[0] > maxBodyBytes) {
                request.handler(null);
                request.connection().close();
            }
        });
        request.resume();
    }
}
