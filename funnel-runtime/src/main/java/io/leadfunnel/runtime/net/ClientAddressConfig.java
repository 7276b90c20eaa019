package io.leadfunnel.runtime.net;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/** How a service tells who sent a request, under {@code funnel.http}. */
@ConfigMapping(prefix = "funnel.http")
public interface ClientAddressConfig {

    /**
     * Reverse proxies and load balancers (IP addresses or CIDR blocks) whose {@code Forwarded} and
     * {@code X-Forwarded-For} headers are believed; none (the default): the connection's peer is the client and those
     * headers are ignored.
     */
    Optional<List<String>> trustedProxies();
}
