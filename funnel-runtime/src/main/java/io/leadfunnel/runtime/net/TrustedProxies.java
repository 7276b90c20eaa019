package io.leadfunnel.runtime.net;

import java.util.ArrayList;
import java.util.List;

/**
 * Who sent a request: the connection's peer, unless the peer is one of the configured proxies, in which case the
 * forwarding headers it added are read from the right (the hop nearest to this service) leftwards, past every trusted
 * proxy, to the first address that is not one. Everything left of that address was written by the client and is
 * ignored, so a client cannot choose its own address by sending {@code X-Forwarded-For}. {@code Forwarded}
 * (RFC 7239, its {@code for=} parameters) is read when present, else {@code X-Forwarded-For}.
 */
public final class TrustedProxies {

    /** No proxy is trusted: the peer is always the client. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    /** More forwarding hops than any real proxy chain has; the rest of a longer header is not looked at. */
    static final int MAX_HOPS = 32;

    private final List<AddressRange> ranges;

    private TrustedProxies(List<AddressRange> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** The proxies given as IP addresses or CIDR blocks; throws IllegalArgumentException naming a bad entry. */
    public static TrustedProxies of(List<String> cidrs) {
        List<AddressRange> ranges = new ArrayList<>();
        for (String cidr : cidrs) {
            if (cidr != null && !cidr.isBlank()) {
                ranges.add(AddressRange.parse(cidr));
            }
        }
        return new TrustedProxies(ranges);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether the address (an IP literal) belongs to a trusted proxy. */
    public boolean trusts(String address) {
        return trusts(IpLiteral.bytes(address));
    }

    private boolean trusts(byte[] address) {
        return address != null && ranges.stream().anyMatch(range -> range.contains(address));
    }

    /**
     * The client's address in canonical form.
     *
     * @param peer         the connection's remote address (an IP literal)
     * @param forwarded    the values of the {@code Forwarded} headers, in the order received (may be empty)
     * @param forwardedFor the values of the {@code X-Forwarded-For} headers, in the order received (may be empty)
     */
    public String clientOf(String peer, List<String> forwarded, List<String> forwardedFor) {
        byte[] client = IpLiteral.bytes(peer);
        if (client == null) {
            return peer == null || peer.isBlank() ? "unknown" : peer;
        }
        if (!trusts(client)) {
            return IpLiteral.text(client);
        }
        List<String> hops = ForwardingHeaders.forNodes(forwarded);
        if (hops.isEmpty()) {
            hops = ForwardingHeaders.forwardedFor(forwardedFor);
        }
        for (int i = hops.size() - 1, seen = 0; i >= 0 && seen < MAX_HOPS; i--, seen++) {
            byte[] hop = IpLiteral.bytes(hops.get(i));
            if (hop == null) {
                // "unknown", an obfuscated name or garbage: the trusted hop next to it is the best answer there is
                break;
            }
            client = hop;
            if (!trusts(hop)) {
                break;
            }
        }
        return IpLiteral.text(client);
    }

    @Override
    public String toString() {
        return ranges.toString();
    }
}
