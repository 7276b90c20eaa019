package io.leadfunnel.runtime.net;

import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** IP address literals as they come in headers and configuration, without any name lookup. */
final class IpLiteral {

    private IpLiteral() {
    }

    /**
     * The address's bytes (4 for IPv4, also for an IPv4-mapped IPv6 address; 16 for IPv6), or null when the text is
     * not an IP literal. Brackets around an IPv6 address are allowed; a zone id ({@code %eth0}) is not.
     */
    static byte[] bytes(String text) {
        if (text == null) {
            return null;
        }
        String literal = text.trim();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        if (literal.isEmpty() || literal.length() > 45 || literal.indexOf('%') >= 0) {
            return null;
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
        if (bytes == null) {
            return null;
        }
        try {
            // an IPv4-mapped IPv6 address comes back as the IPv4 address it maps
            return InetAddress.getByAddress(bytes).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The canonical text of an address's bytes ({@code 203.0.113.7}, {@code 2001:db8:0:0:0:0:0:1}). */
    static String text(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address", e);
        }
    }
}
