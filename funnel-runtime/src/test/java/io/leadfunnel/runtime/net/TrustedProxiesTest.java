package io.leadfunnel.runtime.net;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedProxiesTest {

    private final TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "192.0.2.10", "2001:db8:1::/48"));

    @Test
    void without_trusted_proxies_the_peer_is_the_client_whatever_the_headers_say() {
        assertThat(TrustedProxies.NONE.clientOf("198.51.100.7", List.of("for=203.0.113.1"), List.of("203.0.113.2")))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void an_untrusted_peer_cannot_name_another_client() {
        assertThat(proxies.clientOf("198.51.100.7", List.of(), List.of("203.0.113.2"))).isEqualTo("198.51.100.7");
    }

    @Test
    void a_trusted_proxy_names_the_client_it_received_the_request_from() {
        assertThat(proxies.clientOf("10.1.2.3", List.of(), List.of("203.0.113.2"))).isEqualTo("203.0.113.2");
    }

    @Test
    void addresses_the_client_wrote_itself_are_ignored() {
        // the client sent "X-Forwarded-For: 1.1.1.1"; the proxy appended the address it saw
        assertThat(proxies.clientOf("10.1.2.3", List.of(), List.of("1.1.1.1, 203.0.113.2"))).isEqualTo("203.0.113.2");
        // two trusted proxies in a row, each appending, over several header lines
        assertThat(proxies.clientOf("10.1.2.3", List.of(), List.of("1.1.1.1, 203.0.113.2", "192.0.2.10")))
                .isEqualTo("203.0.113.2");
    }

    @Test
    void when_every_hop_is_trusted_the_farthest_one_is_the_client() {
        assertThat(proxies.clientOf("10.1.2.3", List.of(), List.of("10.9.9.9, 192.0.2.10"))).isEqualTo("10.9.9.9");
    }

    @Test
    void an_unreadable_hop_stops_the_walk_at_the_trusted_hop_next_to_it() {
        assertThat(proxies.clientOf("10.1.2.3", List.of(), List.of("203.0.113.2, unknown"))).isEqualTo("10.1.2.3");
        assertThat(proxies.clientOf("10.1.2.3", List.of(), List.of("example.com"))).isEqualTo("10.1.2.3");
        assertThat(proxies.clientOf("10.1.2.3", List.of(), List.of(""))).isEqualTo("10.1.2.3");
        assertThat(proxies.clientOf("10.1.2.3", List.of(), List.of("203.0.113.2, 10.5.5.5, %%%")))
                .isEqualTo("10.1.2.3");
    }

    @Test
    void forwarded_is_read_before_x_forwarded_for() {
        assertThat(proxies.clientOf("10.1.2.3",
                List.of("for=1.1.1.1;proto=https, for=\"203.0.113.9:4711\";by=10.1.2.3"), List.of("203.0.113.2")))
                .isEqualTo("203.0.113.9");
        assertThat(proxies.clientOf("10.1.2.3", List.of("For=\"[2001:db8:cafe::17]:4711\""), List.of()))
                .isEqualTo("2001:db8:cafe:0:0:0:0:17");
        assertThat(proxies.clientOf("10.1.2.3", List.of("proto=https"), List.of("203.0.113.2")))
                .as("a Forwarded header without for= leaves X-Forwarded-For to decide").isEqualTo("203.0.113.2");
        assertThat(proxies.clientOf("10.1.2.3", List.of("for=_hidden"), List.of())).isEqualTo("10.1.2.3");
    }

    @Test
    void addresses_come_out_in_one_form() {
        assertThat(proxies.clientOf("10.1.2.3", List.of(), List.of("203.0.113.2:5555"))).isEqualTo("203.0.113.2");
        assertThat(proxies.clientOf("10.1.2.3", List.of(), List.of("::ffff:203.0.113.2"))).isEqualTo("203.0.113.2");
        assertThat(proxies.clientOf("2001:db8:1::5", List.of(), List.of("[2001:DB8::1]")))
                .isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(proxies.clientOf("0:0:0:0:0:0:0:1", List.of(), List.of("203.0.113.2")))
                .as("IPv6 loopback is not trusted here").isEqualTo("0:0:0:0:0:0:0:1");
    }

    @Test
    void a_peer_without_an_address_is_reported_as_given() {
        assertThat(proxies.clientOf(null, List.of(), List.of("203.0.113.2"))).isEqualTo("unknown");
        assertThat(proxies.clientOf("/run/app.sock", List.of(), List.of("203.0.113.2"))).isEqualTo("/run/app.sock");
    }

    @Test
    void a_long_chain_of_trusted_hops_is_read_only_so_far() {
        List<String> hops = Collections.nCopies(TrustedProxies.MAX_HOPS + 10, "10.0.0.1");
        String header = "203.0.113.2, " + String.join(", ", hops);
        assertThat(proxies.clientOf("10.1.2.3", List.of(), List.of(header))).isEqualTo("10.0.0.1");
    }

    @Test
    void cidr_blocks_match_by_their_prefix() {
        assertThat(proxies.trusts("10.255.0.1")).isTrue();
        assertThat(proxies.trusts("11.0.0.1")).isFalse();
        assertThat(proxies.trusts("192.0.2.10")).isTrue();
        assertThat(proxies.trusts("192.0.2.11")).isFalse();
        assertThat(proxies.trusts("2001:db8:1:ffff::1")).isTrue();
        assertThat(proxies.trusts("2001:db8:2::1")).isFalse();
        assertThat(proxies.trusts("::ffff:10.0.0.1")).as("IPv4-mapped").isTrue();
        assertThat(AddressRange.parse("172.16.0.0/12").contains(IpLiteral.bytes("172.31.255.255"))).isTrue();
        assertThat(AddressRange.parse("172.16.0.0/12").contains(IpLiteral.bytes("172.32.0.0"))).isFalse();
        assertThat(AddressRange.parse("0.0.0.0/0").contains(IpLiteral.bytes("8.8.8.8"))).isTrue();
        assertThat(AddressRange.parse("0.0.0.0/0").contains(IpLiteral.bytes("::1"))).isFalse();
    }

    @Test
    void a_malformed_entry_is_refused_by_name() {
        for (String bad : List.of("10.0.0.0/33", "10.0.0/8", "proxy.example.com", "10.0.0.0/-1", "::/129",
                "10.0.0.0/")) {
            assertThatThrownBy(() -> TrustedProxies.of(List.of(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
        }
        assertThat(TrustedProxies.of(List.of(" ", "")).isEmpty()).isTrue();
    }
}
