package io.leadfunnel.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The generic sender: leads with their activities as signed JSON ({@code Funnel-Signature}) to
 * {@code /webhooks/<source>}, from web forms, webinars, trade shows, referrals, paid ads and outbound calls. It also
 * reports the engagement of HubSpot and Salesforce target accounts, matched by e-mail, since those CRMs' contact
 * events carry no activities.
 */
final class GenericSender {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String[] SOURCES = {"web", "webinar", "trade show", "referral", "paid ads", "outbound call"};

    private final FeedOptions options;
    private final long runId;
    private final Random random;
    private final LeadWebhooks webhooks;
    private final FeedReport report;

    /**
     * @param runId  part of every id, so a second run adds new leads
     * @param random shared with the profiles and the other senders
     */
    GenericSender(FeedOptions options, long runId, Random random, LeadWebhooks webhooks, FeedReport report) {
        this.options = options;
        this.runId = runId;
        this.random = random;
        this.webhooks = webhooks;
        this.report = report;
    }

    /** The {@code n}th lead; a replay sends it again with its {@code Idempotency-Key}, then again without. */
    void send(int n, Profile p, boolean replay) throws IOException, InterruptedException {
        report.count("generic");
        String source = Profiles.pick(random, SOURCES);
        ObjectNode lead = lead(n, p, source, Instant.now());
        lead.set("activities", activities(n, p, source, Instant.now()));
        byte[] body = JSON.writeValueAsBytes(lead);
        String key = "demo-" + runId + "-" + n;
        JsonNode answer = post(body, key);
        report.log("generic   %-14s %-28s %-16s %-14s -> %s", source, p.email(), FeedReport.trim(p.title(), 16),
                p.kind(), LeadWebhooks.brief(answer));
        if (replay) {
            report.count("replays", 2);
            JsonNode again = post(body, key);
            JsonNode noKey = post(body, null);
            webhooks.absorbed("generic retry with Idempotency-Key " + key, answer, again);
            webhooks.absorbed("generic eventId " + lead.get("eventId").asText() + " again", answer, noKey);
        }
    }

    /** A target account's engagement, reported by the web tracking as a delivery matched by e-mail. */
    void engagement(int n, Profile p, String source) throws IOException, InterruptedException {
        ObjectNode lead = JSON.createObjectNode();
        lead.put("eventId", "demo-" + runId + "-" + n + "-engagement").put("email", p.email());
        lead.set("activities", activities(n, p, source, Instant.now()));
        JsonNode answer = post(JSON.writeValueAsBytes(lead), null);
        report.log("  + activities for %s -> %s", p.email(), LeadWebhooks.brief(answer));
    }

    /** The lead's profile in the generic format, without its activities. */
    ObjectNode lead(int n, Profile p, String source, Instant now) {
        ObjectNode lead = JSON.createObjectNode();
        lead.put("eventId", "demo-" + runId + "-" + n).put("externalId", "demo-contact-" + runId + "-" + n)
                .put("occurredAt", now.minusSeconds(5).truncatedTo(ChronoUnit.SECONDS).toString())
                .put("email", p.email()).put("firstName", p.firstName()).put("lastName", p.lastName())
                .put("company", p.company()).put("companyDomain", p.domain()).put("title", p.title())
                .put("country", p.country()).put("industry", p.industry()).put("companySize", p.size())
                .put("source", source).put("campaign", "demo-" + source.replace(' ', '-'));
        return lead;
    }

    /** Strong buying signals for a target account, a little reading for the others; ten minutes apart. */
    ArrayNode activities(int n, Profile p, String source, Instant now) {
        ArrayNode list = JSON.createArrayNode();
        Instant t = now.minusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
        List<String> types = p.good()
                ? List.of(random.nextBoolean() ? "DEMO_REQUESTED" : "TRIAL_STARTED", "PRICING_PAGE_VIEW",
                random.nextBoolean() ? "MEETING" : "WEBINAR_ATTENDED", "EMAIL_CLICK")
                : List.of("PAGE_VIEW", random.nextBoolean() ? "EMAIL_OPEN" : "WEBINAR_REGISTERED");
        int i = 0;
        for (String type : types) {
            ObjectNode a = list.addObject();
            a.put("activityId", "demo-" + runId + "-" + n + "-" + i).put("type", type)
                    .put("occurredAt", t.plusSeconds(600L * i++).toString()).put("campaign", "demo-" + source
                            .toLowerCase(Locale.ROOT).replace(' ', '-'));
            a.putObject("detail").put("channel", source);
        }
        return list;
    }

    /** Addressed to the source's webhook and signed at {@code epochSeconds}; the key only when given. */
    HttpRequest.Builder request(byte[] body, String idempotencyKey, long epochSeconds) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(options.leadUrl() + "/webhooks/"
                        + options.genericSource()))
                .header("Content-Type", "application/json")
                .header("Funnel-Signature", Signatures.funnelSignature(options.genericSecret(), epochSeconds, body));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return b;
    }

    private JsonNode post(byte[] body, String idempotencyKey) throws IOException, InterruptedException {
        return webhooks.post(request(body, idempotencyKey, Instant.now().getEpochSecond()), body);
    }
}
