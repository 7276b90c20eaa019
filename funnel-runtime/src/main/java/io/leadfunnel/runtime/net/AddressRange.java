package io.leadfunnel.runtime.net;

import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A block of IP addresses in CIDR form ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a single address is a block of one.
 * Addresses are IP literals only: nothing here ever asks DNS.
 */
public record AddressRange(byte[] network, int prefixLength) {

    public AddressRange {
        network = network.clone();
        if (prefixLength < 0 || prefixLength > network.length * 8) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " does not fit the address");
        }
    }

    /** Parses {@code address} or {@code address/prefix}; throws IllegalArgumentException for anything else. */
    public static AddressRange parse(String cidr) {
        String text = cidr == null ? "" : cidr.trim();
        int slash = text.indexOf('/');
        byte[] address = IpLiteral.bytes(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("not an IP address or CIDR block: " + cidr);
        }
        int prefix = address.length * 8;
        if (slash >= 0) {
            String bits = text.substring(slash + 1);
            if (!bits.matches("[0-9]{1,3}")) {
                throw new IllegalArgumentException("not a CIDR prefix length: " + cidr);
            }
            prefix = Integer.parseInt(bits);
            if (prefix > address.length * 8) {
                throw new IllegalArgumentException("CIDR prefix length too long for the address: " + cidr);
            }
        }
        return new AddressRange(address, prefix);
    }

    /** Whether the address (its bytes, 4 or 16) lies in this block; IPv4 and IPv6 never match each other. */
    public boolean contains(byte[] address) {
        if (address == null || address.length != network.length) {
            return false;
        }
        int whole = prefixLength / 8;
        for (int i = 0; i < whole; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[whole] & mask) == (network[whole] & mask);
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressRange range && range.prefixLength == prefixLength
                && Arrays.equals(range.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            return NetUtil.bytesToIpAddress(network) + "/" + prefixLength;
        }
    }
}
