package io.leadfunnel.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * lead-service's webhooks as the senders see them: a delivery goes out, its answer comes back as JSON with the status
 * added, and a deliberate replay is checked to have been absorbed.
 */
final class LeadWebhooks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FunnelHttpClient http;
    private final FeedReport report;

    LeadWebhooks(FunnelHttpClient http, FeedReport report) {
        this.http = http;
        this.report = report;
    }

    /** Posts a delivery; an answer other than 2xx counts as an error. */
    ObjectNode post(HttpRequest.Builder request, byte[] body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.deliver(request, body);
        boolean replayed = response.headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false);
        ObjectNode answer = answer(response.statusCode(), response.body(), replayed);
        if (response.statusCode() / 100 != 2) {
            report.count("errors");
        }
        return answer;
    }

    /**
     * The answer as JSON with {@code status}; a body that is not a JSON object (Salesforce's SOAP acknowledgement)
     * becomes {@code ack}, and an {@code Idempotent-Replayed: true} header becomes {@code replayed}.
     */
    static ObjectNode answer(int status, String text, boolean replayed) throws IOException {
        ObjectNode answer;
        if (text != null && text.startsWith("{")) {
            answer = (ObjectNode) JSON.readTree(text);
        } else {
            answer = JSON.createObjectNode();
            answer.put("ack", text != null && text.contains("<Ack>true</Ack>"));
        }
        answer.put("status", status);
        if (replayed) {
            answer.put("replayed", true);
        }
        return answer;
    }

    /** Logs whether a replay was absorbed: 2xx, the same lead, and marked duplicate or replayed. */
    void absorbed(String what, JsonNode first, JsonNode again) {
        boolean ok = isAbsorbed(first, again);
        if (ok) {
            report.count("absorbed");
        }
        report.log("  %s %s: %s", ok ? "=" : "!", what, ok ? "absorbed (" + again.path("status").asInt()
                + ", same lead, no new lead)" : "NOT absorbed: " + brief(again));
    }

    static boolean isAbsorbed(JsonNode first, JsonNode again) {
        return again != null && again.path("status").asInt() / 100 == 2
                && again.path("leads").equals(first.path("leads"))
                && (again.path("duplicate").asBoolean(false) || again.path("replayed").asBoolean(false));
    }

    /** An answer in a few words for the log: status, lead, duplicate; or the problem's title and detail. */
    static String brief(JsonNode a) {
        if (a == null) {
            return "no answer";
        }
        int status = a.path("status").asInt();
        if (status / 100 != 2) {
            return status + " " + a.path("title").asText("") + " " + a.path("detail").asText("");
        }
        if (a.has("ack")) {
            return status + " ack";
        }
        StringBuilder s = new StringBuilder().append(status);
        if (a.has("leads")) {
            s.append(" lead ").append(a.path("leads").path(0).asText("?"));
        }
        if (a.path("duplicate").asBoolean(false)) {
            s.append(" (duplicate)");
        }
        return s.toString();
    }
}
