package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.LeadServiceTestProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.leadfunnel.lead.LeadServiceTestProfile.REFUSED_BODY_ADDRESS;
import static io.leadfunnel.lead.LeadServiceTestProfile.SALESFORCE_TOKEN;
import static io.leadfunnel.lead.LeadServiceTestProfile.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A delivery refused before its body is read (wrong Salesforce token, wrong content type, unknown sender, an address
 * that failed too often) or refused part-way through it (too large) still gets its status and problem body: the
 * sender must learn why, not see its connection reset. Large bodies, one keep-alive client, no retries.
 */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class RefusedBodyTest {

    private static final int ROUNDS = 12;
    private static final int KB = 1024;

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private record Refusal(String name, String path, Map<String, String> headers, int size, int... statuses) {
    }

    @Test
    void everyRefusalOfALargeBodyIsAnsweredWithItsStatus() throws InterruptedException {
        List<Refusal> refusals = List.of(
                new Refusal("wrong Salesforce token", "/webhooks/salesforce?token=" + SALESFORCE_TOKEN + "x",
                        Map.of("Content-Type", "text/xml"), 2048 * KB, 401),
                new Refusal("Salesforce token, JSON body", "/webhooks/salesforce?token=" + SALESFORCE_TOKEN,
                        Map.of("Content-Type", "application/json"), 200 * KB, 415),
                new Refusal("wrong Salesforce token, 56 KB", "/webhooks/salesforce",
                        Map.of("Content-Type", "text/xml"), 56 * KB, 401),
                new Refusal("HubSpot, plain text", "/webhooks/hubspot",
                        Map.of("Content-Type", "text/plain"), 512 * KB, 415),
                new Refusal("unknown sender", "/webhooks/nobody",
                        Map.of("Content-Type", "application/json"), 200 * KB, 404),
                new Refusal("over the webhook body limit", "/webhooks/" + SOURCE,
                        Map.of("Content-Type", "application/json"), 2048 * KB, 413),
                // the first failure from this address is charged (401), every later request refused outright (429)
                new Refusal("address that failed too often", "/webhooks/salesforce?token=wrong",
                        Map.of("Content-Type", "text/xml", "X-Forwarded-For", REFUSED_BODY_ADDRESS), 1024 * KB,
                        401, 429));

        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (Refusal refusal : refusals) {
                sent++;
                String outcome = send(refusal);
                if (outcome != null) {
                    failures.add("round " + round + ", " + refusal.name() + ": " + outcome);
                }
            }
        }
        assertThat(failures).as("refusals without their answer, of %d sent", sent).isEmpty();
    }

    /** Sends one refused request; null when it got one of the expected statuses with a problem body. */
    private String send(Refusal refusal) throws InterruptedException {
        byte[] body = new byte[refusal.size()];
        Arrays.fill(body, (byte) 'x');
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(refusal.path()))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        refusal.headers().forEach(request::header);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "no answer: " + e;
        }
        if (Arrays.stream(refusal.statuses()).noneMatch(s -> s == response.statusCode())) {
            return "status " + response.statusCode() + ", expected " + Arrays.toString(refusal.statuses());
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")
                || !response.body().contains("\"status\":" + response.statusCode())) {
            return response.statusCode() + " without a problem body: " + type + " " + response.body();
        }
        return null;
    }
}
