package io.leadfunnel.lead.webhook;

import io.leadfunnel.runtime.problem.ProblemException;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HubSpot's request signature v3: {@code Base64(HMAC-SHA256(client secret, method + URI + body + timestamp))} with the
 * timestamp (epoch milliseconds) from {@value #TIMESTAMP_HEADER}. Only v3 is accepted: v1 and v2 carry no timestamp,
 * so a captured request could be replayed forever.
 */
public final class HubSpotSignature {

    public static final String SIGNATURE_HEADER = "X-HubSpot-Signature-v3";
    public static final String TIMESTAMP_HEADER = "X-HubSpot-Request-Timestamp";
    /** Header of the older signature versions, only used to explain a refusal. */
    public static final String LEGACY_SIGNATURE_HEADER = "X-HubSpot-Signature";

    /** Escapes HubSpot decodes in the URI before signing (its request-validation guide lists exactly these). */
    private static final Map<String, String> DECODED = Map.ofEntries(
            Map.entry("%3A", ":"), Map.entry("%2F", "/"), Map.entry("%3F", "?"), Map.entry("%40", "@"),
            Map.entry("%21", "!"), Map.entry("%24", "$"), Map.entry("%27", "'"), Map.entry("%28", "("),
            Map.entry("%29", ")"), Map.entry("%2A", "*"), Map.entry("%2C", ","), Map.entry("%3B", ";"));

    private HubSpotSignature() {
    }

    /** The signature HubSpot would send for this request. */
    public static String sign(String secret, String method, String uri, byte[] body, String timestamp) {
        return Base64.getEncoder().encodeToString(mac(secret, method, uri, body, timestamp));
    }

    /**
     * Verifies a request against any of the secrets (current and previous, during a rotation).
     *
     * @param signature     the {@value #SIGNATURE_HEADER} header, or null
     * @param timestamp     the {@value #TIMESTAMP_HEADER} header, or null
     * @param legacyPresent whether an older signature header was sent (only changes the explanation)
     * @throws ProblemException 401 when the signature is missing, stale or wrong
     */
    public static void verify(List<String> secrets, String method, String uri, byte[] body, String signature,
                              String timestamp, boolean legacyPresent, Instant now, Duration tolerance) {
        if (signature == null || signature.isBlank()) {
            throw ProblemException.unauthenticated(legacyPresent
                    ? "only HubSpot signature v3 is accepted; older versions cannot be checked for replays"
                    : "the request is not signed", SIGNATURE_HEADER);
        }
        if (timestamp == null || timestamp.isBlank()) {
            throw ProblemException.unauthenticated("the signature timestamp is missing", TIMESTAMP_HEADER);
        }
        long millis;
        try {
            millis = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.unauthenticated("the signature timestamp is not epoch milliseconds",
                    TIMESTAMP_HEADER);
        }
        Duration age = Duration.between(Instant.ofEpochMilli(millis), now);
        if (age.abs().compareTo(tolerance) > 0) {
            throw ProblemException.unauthenticated("the signature timestamp is outside the accepted window of "
                    + tolerance.toSeconds() + " seconds", TIMESTAMP_HEADER);
        }
        byte[] given = decode(signature);
        boolean valid = false;
        for (String secret : secrets) {
            // no early exit: every configured secret is tried, so timing does not tell which one matched
            valid |= Hmac.matches(mac(secret, method, uri, body, timestamp.trim()), given);
        }
        if (!valid) {
            throw ProblemException.unauthenticated("the signature does not match", SIGNATURE_HEADER);
        }
    }

    /** The URI as HubSpot signs it: the listed escapes decoded, everything else as sent. */
    static String canonicalUri(String uri) {
        StringBuilder out = new StringBuilder(uri.length());
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '%' && i + 2 < uri.length()) {
                String decoded = DECODED.get(uri.substring(i, i + 3).toUpperCase(Locale.ROOT));
                if (decoded != null) {
                    out.append(decoded);
                    i += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private static byte[] mac(String secret, String method, String uri, byte[] body, String timestamp) {
        return Hmac.sha256(secret, Hmac.utf8(method.toUpperCase(Locale.ROOT) + canonicalUri(uri)), body,
                Hmac.utf8(timestamp));
    }

    private static byte[] decode(String signature) {
        try {
            // a proxy that form-decodes headers turns '+' into ' '
            return Base64.getDecoder().decode(signature.trim().replace(' ', '+'));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
