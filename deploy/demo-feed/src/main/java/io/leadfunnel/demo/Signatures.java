package io.leadfunnel.demo;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;

/** The signatures lead-service checks on its webhooks (see lead-service/docs/webhooks.md). */
public final class Signatures {

    private Signatures() {
    }

    /** HubSpot v3: {@code Base64(HMAC-SHA256(secret, method + uri + body + timestamp))}, timestamp in epoch ms. */
    public static String hubSpotV3(String secret, String method, String uri, byte[] body, long timestampMillis) {
        byte[] prefix = (method + uri).getBytes(StandardCharsets.UTF_8);
        byte[] suffix = Long.toString(timestampMillis).getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[prefix.length + body.length + suffix.length];
        System.arraycopy(prefix, 0, message, 0, prefix.length);
        System.arraycopy(body, 0, message, prefix.length, body.length);
        System.arraycopy(suffix, 0, message, prefix.length + body.length, suffix.length);
        return Base64.getEncoder().encodeToString(hmac(secret, message));
    }

    /** The {@code Funnel-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}. */
    public static String funnelSignature(String secret, long epochSeconds, byte[] body) {
        byte[] prefix = (epochSeconds + ".").getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, message, 0, prefix.length);
        System.arraycopy(body, 0, message, prefix.length, body.length);
        return "t=" + epochSeconds + ",v1=" + HexFormat.of().formatHex(hmac(secret, message));
    }

    static byte[] hmac(String secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
