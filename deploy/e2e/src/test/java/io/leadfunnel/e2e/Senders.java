package io.leadfunnel.e2e;

import io.leadfunnel.testing.FunnelProcesses;
import io.restassured.RestAssured;
import io.restassured.response.Response;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/** A CRM-like sender: signs deliveries and retries until the funnel answers 2xx, as real senders do. */
final class Senders {

    private Senders() {
    }

    /** Sends a generic signed delivery once. */
    static Response generic(FunnelProcesses funnel, String body) {
        long t = Instant.now().getEpochSecond();
        String signature = "t=" + t + ",v1=" + hmacHex(FunnelProcesses.GENERIC_SECRET, t + "." + body);
        return RestAssured.given().baseUri(funnel.baseUrl(FunnelProcesses.Service.LEAD))
                .contentType("application/json").header("Funnel-Signature", signature).body(body)
                .post("/webhooks/" + FunnelProcesses.GENERIC_SOURCE);
    }

    /**
     * Sends until the delivery is accepted: connection failures and 5xx are retried (re-signed each time, as a
     * sender's retry would be), anything else fails the test.
     */
    static Response genericUntilAccepted(FunnelProcesses funnel, String body, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                Response response = generic(funnel, body);
                if (response.statusCode() < 300) {
                    return response;
                }
                if (response.statusCode() < 500) {
                    throw new AssertionError("delivery refused with " + response.statusCode() + ": "
                            + response.asString());
                }
            } catch (Exception e) { // connection refused while the service is down (thrown unchecked by the client)
                last = e;
            }
            sleep(250);
        }
        throw new AssertionError("delivery not accepted within " + patience, last);
    }

    private static String hmacHex(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
