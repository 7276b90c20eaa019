package io.leadfunnel.runtime.net;

import io.quarkus.runtime.Startup;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * The address a request comes from, seen through the configured trusted proxies ({@link TrustedProxies}). Built at
 * startup so a malformed {@code funnel.http.trusted-proxies} entry stops the service instead of being ignored.
 */
@ApplicationScoped
@Startup
public class ClientAddresses {

    static final String FORWARDED = "Forwarded";
    static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private final TrustedProxies proxies;

    public ClientAddresses(ClientAddressConfig config) {
        try {
            this.proxies = TrustedProxies.of(config.trustedProxies().orElse(List.of()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("funnel.http.trusted-proxies: " + e.getMessage(), e);
        }
    }

    /** The client's address, or {@code unknown} when the connection has none. */
    public String of(HttpServerRequest request) {
        if (request == null) {
            return "unknown";
        }
        // the socket's peer, even where Quarkus's own proxy forwarding has rewritten remoteAddress()
        SocketAddress peer = request.connection() != null ? request.connection().remoteAddress()
                : request.remoteAddress();
        String peerAddress = peer == null ? null : peer.hostAddress();
        if (proxies.isEmpty()) {
            return proxies.clientOf(peerAddress, List.of(), List.of());
        }
        return proxies.clientOf(peerAddress, request.headers().getAll(FORWARDED),
                request.headers().getAll(X_FORWARDED_FOR));
    }
}
