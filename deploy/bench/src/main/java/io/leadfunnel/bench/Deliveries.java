package io.leadfunnel.bench;

import io.leadfunnel.testing.FunnelProcesses;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * Signed generic webhook deliveries ({@code POST /webhooks/<source>}, {@code Funnel-Signature} HMAC-SHA256), each
 * lead a well-fitting one with strong engagement, so that it is scored, becomes an MQL and is handed off.
 */
public final class Deliveries {

    private final URI url;
    private final String secret;
    private final String run;

    /** @param run a prefix that makes this run's leads unique (external ids and e-mails) */
    public Deliveries(String baseUrl, String source, String secret, String run) {
        this.url = URI.create(baseUrl + "/webhooks/" + source);
        this.secret = secret;
        this.run = run;
    }

    public static Deliveries of(FunnelProcesses funnel, String run) {
        return new Deliveries(funnel.baseUrl(FunnelProcesses.Service.LEAD), FunnelProcesses.GENERIC_SOURCE,
                FunnelProcesses.GENERIC_SECRET, run);
    }

    /** The external id of lead number {@code n} of this run. */
    public String externalId(long n) {
        return run + "-" + n;
    }

    /** One lead as JSON (about 700 bytes). */
    public String lead(long n, String campaign) {
        String id = externalId(n);
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(2);
        return "{\"externalId\":\"" + id + "\",\"email\":\"" + id + "@acme-robotics.example\",\"firstName\":\"Maria\","
                + "\"lastName\":\"Keller\",\"company\":\"Acme Robotics\",\"companyDomain\":\"acme-robotics.example\","
                + "\"title\":\"VP Operations\",\"country\":\"DE\",\"industry\":\"Manufacturing\",\"companySize\":450,"
                + "\"source\":\"webinar\",\"campaign\":\"" + campaign + "\",\"activities\":["
                + "{\"activityId\":\"demo\",\"type\":\"DEMO_REQUESTED\",\"occurredAt\":\"" + at + "\"},"
                + "{\"activityId\":\"pricing-1\",\"type\":\"PRICING_PAGE_VIEW\",\"occurredAt\":\"" + at + "\"},"
                + "{\"activityId\":\"pricing-2\",\"type\":\"PRICING_PAGE_VIEW\",\"occurredAt\":\"" + at + "\"},"
                + "{\"activityId\":\"meeting\",\"type\":\"MEETING\",\"occurredAt\":\"" + at + "\"}]}";
    }

    /** Leads {@code first .. first+size-1} as one JSON array. */
    public String batch(long first, int size, String campaign) {
        StringBuilder body = new StringBuilder(size * 760).append('[');
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append(lead(first + i, campaign));
        }
        return body.append(']').toString();
    }

    /** A signed POST of {@code body}. */
    public HttpRequest request(String body) {
        long t = Instant.now().getEpochSecond();
        return HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Funnel-Signature", signature(secret, t, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** {@code t=<seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}. */
    public static String signature(String secret, long t, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "t=" + t + ",v1=" + HexFormat.of().formatHex(
                    mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
