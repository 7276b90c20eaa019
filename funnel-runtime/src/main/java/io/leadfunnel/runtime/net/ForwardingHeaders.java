package io.leadfunnel.runtime.net;

import java.util.ArrayList;
import java.util.List;

/** Reads the hops a proxy chain reports, left (farthest) to right (nearest), as address texts without ports. */
final class ForwardingHeaders {

    private ForwardingHeaders() {
    }

    /** The {@code for=} nodes of RFC 7239 {@code Forwarded} headers. */
    static List<String> forNodes(List<String> headers) {
        List<String> nodes = new ArrayList<>();
        if (headers == null) {
            return nodes;
        }
        for (String header : headers) {
            if (header == null) {
                continue;
            }
            for (String element : split(header, ',')) {
                for (String pair : split(element, ';')) {
                    int equals = pair.indexOf('=');
                    if (equals > 0 && pair.substring(0, equals).trim().equalsIgnoreCase("for")) {
                        nodes.add(host(unquote(pair.substring(equals + 1).trim())));
                    }
                }
            }
        }
        return nodes;
    }

    /** The entries of {@code X-Forwarded-For} headers. */
    static List<String> forwardedFor(List<String> headers) {
        List<String> hops = new ArrayList<>();
        if (headers == null) {
            return hops;
        }
        for (String header : headers) {
            if (header == null) {
                continue;
            }
            for (String entry : header.split(",", -1)) {
                hops.add(host(entry.trim()));
            }
        }
        return hops;
    }

    /** Splits on a separator outside double quotes. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted && i + 1 < text.length()) {
                part.append(c);
                c = text.charAt(++i);
            } else if (c == separator && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
                continue;
            }
            part.append(c);
        }
        parts.add(part.toString());
        return parts;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\", "");
        }
        return value;
    }

    /**
     * The address of a node without its port: {@code [2001:db8::1]:80} → {@code [2001:db8::1]},
     * {@code 1.2.3.4:80} → {@code 1.2.3.4}.
     */
    static String host(String node) {
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            return close < 0 ? node : node.substring(0, close + 1);
        }
        int colon = node.indexOf(':');
        // one colon: IPv4 with a port; more: a bare IPv6 address
        return colon >= 0 && node.indexOf(':', colon + 1) < 0 ? node.substring(0, colon) : node;
    }
}
