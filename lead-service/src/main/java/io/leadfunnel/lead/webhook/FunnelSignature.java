package io.leadfunnel.lead.webhook;

import io.leadfunnel.runtime.problem.ProblemException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The signature of generic JSON webhooks, in the style Stripe made familiar:
 * {@code Funnel-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}. Several {@code v1} values
 * may be sent (a sender signing with both secrets during a rotation); one matching any configured secret suffices.
 */
public final class FunnelSignature {

    public static final String HEADER = "Funnel-Signature";

    private FunnelSignature() {
    }

    /** The header value a sender computes. */
    public static String header(String secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(mac(secret, unixSeconds, body));
    }

    /**
     * Verifies a request against any of the secrets.
     *
     * @throws ProblemException 401 when the header is missing, malformed, stale or matches no secret
     */
    public static void verify(List<String> secrets, String header, byte[] body, Instant now, Duration tolerance) {
        if (header == null || header.isBlank()) {
            throw ProblemException.unauthenticated("the request is not signed", HEADER);
        }
        Long t = null;
        List<byte[]> candidates = new ArrayList<>();
        for (String element : header.split(",")) {
            int eq = element.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = element.substring(0, eq).trim();
            String value = element.substring(eq + 1).trim();
            if (key.equals("t")) {
                try {
                    t = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw ProblemException.unauthenticated("t is not a unix time in seconds", HEADER);
                }
            } else if (key.equals("v1")) {
                candidates.add(hex(value));
            }
        }
        if (t == null || candidates.isEmpty()) {
            throw ProblemException.unauthenticated("the signature needs t=<unix seconds> and at least one v1=<hex>",
                    HEADER);
        }
        // compared as numbers: a t of any size is only outside the window (Instant.ofEpochSecond throws past year 1e9)
        long nowSeconds = now.getEpochSecond();
        if (t < nowSeconds - tolerance.toSeconds() || t > nowSeconds + tolerance.toSeconds()) {
            throw ProblemException.unauthenticated("the signature timestamp is outside the accepted window of "
                    + tolerance.toSeconds() + " seconds", HEADER);
        }
        boolean valid = false;
        for (String secret : secrets) {
            byte[] expected = mac(secret, t, body);
            for (byte[] candidate : candidates) {
                valid |= Hmac.matches(expected, candidate);
            }
        }
        if (!valid) {
            throw ProblemException.unauthenticated("the signature does not match", HEADER);
        }
    }

    private static byte[] mac(String secret, long t, byte[] body) {
        return Hmac.sha256(secret, Hmac.utf8(t + "."), body);
    }

    private static byte[] hex(String value) {
        try {
            return HexFormat.of().parseHex(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
