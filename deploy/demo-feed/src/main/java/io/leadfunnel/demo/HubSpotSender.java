package io.leadfunnel.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.Random;

/**
 * The HubSpot sender: a Webhooks API delivery to {@code /webhooks/hubspot} per contact, one {@code contact.creation}
 * and then a {@code contact.propertyChange} per property, signed with the v3 signature.
 */
final class HubSpotSender {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String[] ANALYTICS_SOURCES = {"ORGANIC_SEARCH", "PAID_SEARCH", "PAID_SOCIAL", "REFERRALS", "OFFLINE"};

    private final FeedOptions options;
    private final long runId;
    private final Random random;
    private final LeadWebhooks webhooks;
    private final GenericSender tracking;
    private final FeedReport report;

    /**
     * @param runId    part of every id, so a second run adds new contacts
     * @param random   shared with the profiles and the other senders
     * @param tracking reports a target account's engagement, which HubSpot's contact events do not carry
     */
    HubSpotSender(FeedOptions options, long runId, Random random, LeadWebhooks webhooks, GenericSender tracking,
                  FeedReport report) {
        this.options = options;
        this.runId = runId;
        this.random = random;
        this.webhooks = webhooks;
        this.tracking = tracking;
        this.report = report;
    }

    /**
     * The {@code n}th contact. A replay sends the same delivery again (HubSpot's retry) and the first property change
     * alone with {@code attemptNumber} 1.
     */
    void send(int n, Profile p, boolean replay) throws IOException, InterruptedException {
        report.count("hubspot");
        String source = Profiles.pick(random, ANALYTICS_SOURCES);
        long objectId = objectId(n);
        long eventBase = eventBase(n);
        ArrayNode events = delivery(objectId, eventBase, System.currentTimeMillis(), p, source);
        byte[] body = JSON.writeValueAsBytes(events);
        JsonNode answer = post(body);
        report.log("HubSpot   contact %d %-28s %-16s %-14s -> %s", objectId, p.email(), FeedReport.trim(p.title(), 16),
                p.kind(), LeadWebhooks.brief(answer));
        if (replay) {
            report.count("replays", 2);
            JsonNode again = post(body);
            ArrayNode one = JSON.createArrayNode().add(events.get(1).deepCopy());
            ((ObjectNode) one.get(0)).put("attemptNumber", 1);
            JsonNode single = post(JSON.writeValueAsBytes(one));
            webhooks.absorbed("HubSpot retry of the whole delivery", answer, again);
            webhooks.absorbed("HubSpot eventId " + (eventBase + 1) + " again", answer, single);
        }
        if (p.good()) {
            tracking.engagement(n, p, "website tracking");
        }
    }

    long objectId(int n) {
        return runId % 100_000 * 10_000 + n;
    }

    /** The first of the delivery's event ids; its events count up from it. */
    long eventBase(int n) {
        return (runId * 1000 + n) * 20;
    }

    /** The events of one contact, {@code now} in epoch milliseconds: the creation and then the property changes. */
    ArrayNode delivery(long objectId, long eventBase, long now, Profile p, String source) {
        ArrayNode events = JSON.createArrayNode();
        events.add(event(eventBase, now - 2000, "contact.creation", objectId, null, null));
        String[][] props = {{"email", p.email()}, {"firstname", p.firstName()}, {"lastname", p.lastName()},
                {"company", p.company()}, {"jobtitle", p.title()}, {"country", p.country()},
                {"industry", p.industry()}, {"numberofemployees", Integer.toString(p.size())},
                {"website", "https://www." + p.domain()}, {"hs_analytics_source", source},
                {"hs_analytics_source_data_1", "demo-" + source.toLowerCase(Locale.ROOT)}};
        for (int i = 0; i < props.length; i++) {
            events.add(event(eventBase + 1 + i, now - 1900 + i, "contact.propertyChange", objectId,
                    props[i][0], props[i][1]));
        }
        return events;
    }

    private static ObjectNode event(long eventId, long occurredAt, String type, long objectId, String property,
                                    String value) {
        ObjectNode e = JSON.createObjectNode();
        e.put("eventId", eventId).put("subscriptionId", 2881778).put("portalId", 62515).put("appId", 54321)
                .put("occurredAt", occurredAt).put("subscriptionType", type).put("attemptNumber", 0)
                .put("objectId", objectId).put("changeSource", "CRM");
        if (property != null) {
            e.put("propertyName", property).put("propertyValue", value);
        }
        return e;
    }

    /** Addressed to the local webhook, signed over the URI HubSpot would call (see {@link #signedUri}). */
    HttpRequest.Builder request(byte[] body, long timestampMillis) {
        String signature = Signatures.hubSpotV3(options.hubSpotSecret(), "POST",
                signedUri(options.leadUrl(), options.publicBaseUrl()), body, timestampMillis);
        return HttpRequest.newBuilder(URI.create(options.leadUrl() + "/webhooks/hubspot"))
                .header("Content-Type", "application/json")
                .header("X-HubSpot-Signature-v3", signature)
                .header("X-HubSpot-Request-Timestamp", Long.toString(timestampMillis));
    }

    /** The URI HubSpot signs: the public base URL plus the path when configured, else the URL called. */
    static String signedUri(String leadUrl, String publicBaseUrl) {
        String base = publicBaseUrl == null || publicBaseUrl.isBlank() ? leadUrl : publicBaseUrl;
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/webhooks/hubspot";
    }

    private JsonNode post(byte[] body) throws IOException, InterruptedException {
        return webhooks.post(request(body, System.currentTimeMillis()), body);
    }
}
