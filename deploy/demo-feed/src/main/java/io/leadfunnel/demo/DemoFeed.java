package io.leadfunnel.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadfunnel.testing.TestTokens;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo feed: a simulated CRM (HubSpot, Salesforce, a signed generic sender) and a sales team working the
 * hand-offs, for the local run. Sends only to 127.0.0.1 and stops by itself.
 */
public final class DemoFeed {

    static final class Options {
        String leadUrl = "http://127.0.0.1:8081";
        String handoffUrl = "http://127.0.0.1:8083";
        String publicBaseUrl = null;
        String hubSpotSecret = "dev-hubspot-secret";
        String salesforceOrg = "00D000000000DEVAAA";
        String salesforceToken = "dev-salesforce-endpoint-token-0123456789abcdef";
        String genericSource = "demo";
        String genericSecret = "dev-generic-secret";
        int durationSeconds = 90;
        double rate = 1.0;
        long seed = 42;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Options options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Random random;
    private final long runId;
    private final Map<String, AtomicInteger> counts = new java.util.concurrent.ConcurrentHashMap<>();

    DemoFeed(Options options) {
        this.options = options;
        this.random = new Random(options.seed);
        // ids differ per run (so a second run adds new leads), the profiles and decisions follow the seed
        this.runId = System.currentTimeMillis() / 1000;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("demo-feed: " + e.getMessage());
            usage();
            System.exit(64);
            return;
        }
        System.exit(new DemoFeed(options).run());
    }

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                usage();
                System.exit(0);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + arg);
            }
            String value = args[++i];
            switch (arg) {
                case "--lead-url" -> o.leadUrl = local(value);
                case "--handoff-url" -> o.handoffUrl = local(value);
                case "--public-base-url" -> o.publicBaseUrl = value;
                case "--hubspot-secret" -> o.hubSpotSecret = value;
                case "--salesforce-org" -> o.salesforceOrg = value;
                case "--salesforce-token" -> o.salesforceToken = value;
                case "--generic-source" -> o.genericSource = value;
                case "--generic-secret" -> o.genericSecret = value;
                case "--duration" -> o.durationSeconds = bounded(Integer.parseInt(value), 5, 3600, arg);
                case "--rate" -> {
                    o.rate = Double.parseDouble(value);
                    if (!(o.rate >= 0.05 && o.rate <= 20)) {
                        throw new IllegalArgumentException("--rate must be between 0.05 and 20 leads per second");
                    }
                }
                case "--seed" -> o.seed = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return o;
    }

    private static int bounded(int v, int min, int max, String name) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
        }
        return v;
    }

    /** Only the local machine: the feed never sends anywhere else. */
    static String local(String url) {
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) || !"127.0.0.1".equals(uri.getHost())) {
            throw new IllegalArgumentException("only http://127.0.0.1:<port> URLs are allowed, not " + url);
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void usage() {
        System.err.println("""
                usage: demo-feed [--lead-url http://127.0.0.1:8081] [--handoff-url http://127.0.0.1:8083]
                                 [--duration 90] [--rate 1.0] [--seed 42] [--public-base-url URL]
                                 [--hubspot-secret S] [--salesforce-org ID] [--salesforce-token T]
                                 [--generic-source demo] [--generic-secret S]""");
    }

    /** The URI HubSpot signs: the public base URL plus the path when configured, else the URL called. */
    static String hubSpotUri(String leadUrl, String publicBaseUrl) {
        String base = publicBaseUrl == null || publicBaseUrl.isBlank() ? leadUrl : publicBaseUrl;
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/webhooks/hubspot";
    }

    // ---------------------------------------------------------------------------------------------------------------

    int run() throws InterruptedException {
        if (!reachable(options.leadUrl + "/webhooks/hubspot") || !reachable(options.handoffUrl + "/handoffs")) {
            return 2;
        }
        Instant start = Instant.now();
        Instant stopSending = start.plusMillis((long) (options.durationSeconds * 800L));
        Instant end = start.plusSeconds(options.durationSeconds);
        log("demo feed: %ds, %.2f leads/s, seed %d; CRM until %s, sales team until %s", options.durationSeconds,
                options.rate, options.seed, CLOCK.format(stopSending), CLOCK.format(end));

        Thread sales = new Thread(() -> new SalesTeam(new Random(options.seed + 1)).work(end), "sales-team");
        sales.setDaemon(true);
        sales.start();

        long intervalMs = Math.max(50, (long) (1000 / options.rate));
        int maxLeads = (int) Math.ceil(options.durationSeconds * options.rate) + 1;
        int n = 0;
        int failures = 0;
        while (Instant.now().isBefore(stopSending) && n < maxLeads) {
            n++;
            try {
                sendLead(n);
                failures = 0;
            } catch (IOException e) {
                count("errors");
                log("  ! lead %d: %s", n, e.getMessage());
                if (++failures >= 5) {
                    log("demo feed: lead-service stopped answering; giving up");
                    sales.interrupt();
                    summary();
                    return 2;
                }
            }
            Thread.sleep(intervalMs);
        }
        sales.join(Math.max(1, Duration.between(Instant.now(), end).toMillis() + 15_000));
        summary();
        return counts.getOrDefault("errors", new AtomicInteger()).get() > n / 2 ? 1 : 0;
    }

    private boolean reachable(String url) {
        try {
            http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            System.err.println("demo-feed: " + url + " is unreachable (" + e + "); is deploy/local/run running?");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void summary() {
        log("summary: %d leads sent (%d HubSpot, %d Salesforce, %d generic), %d should qualify, %d not; "
                        + "%d duplicates/retries sent, %d absorbed; %d errors",
                c("leads"), c("hubspot"), c("salesforce"), c("generic"), c("good"), c("poor"),
                c("replays"), c("absorbed"), c("errors"));
        log("sales team: %d accepted, %d rejected, %d qualified (SQL), %d won (%d EUR), %d lost, %d refused actions",
                c("accepted"), c("rejected"), c("qualified"), c("won"), c("wonAmount"), c("lost"), c("refused"));
        log("see the funnel at http://127.0.0.1:8084/");
    }

    private int c(String name) {
        AtomicInteger v = counts.get(name);
        return v == null ? 0 : v.get();
    }

    private void count(String name) {
        count(name, 1);
    }

    private void count(String name, int delta) {
        counts.computeIfAbsent(name, k -> new AtomicInteger()).addAndGet(delta);
    }

    static synchronized void log(String format, Object... args) {
        System.out.println(LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS) + " "
                + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    // ---- profiles ---------------------------------------------------------------------------------------------------

    record Profile(String firstName, String lastName, String email, String company, String domain, String title,
                   String country, String industry, int size, String source, boolean good, String kind) {
    }

    private static final String[] FIRST = {"Ada", "Grace", "Alan", "Linus", "Margaret", "Edsger", "Barbara", "Ken",
            "Frances", "Donald", "Radia", "Niklaus", "Hedy", "Tim", "Katherine", "Bjarne", "Sophie", "Lukas", "Emma",
            "Jonas", "Chloé", "Pieter", "Anna", "Marco"};
    private static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Dijkstra", "Liskov",
            "Thompson", "Allen", "Knuth", "Perlman", "Wirth", "Lamarr", "Berners-Lee", "Johnson", "Stroustrup",
            "Müller", "Schmid", "Dubois", "de Vries", "Huber", "Rossi", "Weber", "Janssen"};
    private static final String[] COMPANY = {"Nordwerk", "Alpen Logistik", "Brightpath Software", "Helvetia Health",
            "Kanal Finance", "Rheinmetall Parts", "Tulip Systems", "Seine Analytics", "Thames Capital", "Danube Freight",
            "Blackforest Robotics", "Lakeside Medical", "Harbor Freight Lines", "Summit Insurance", "Atlas Machines"};
    private static final String[] GOOD_TITLE = {"VP Sales", "VP of Marketing", "CTO", "Chief Revenue Officer",
            "Vice President Operations", "CIO", "Head of Digital", "Director of IT", "CEO", "Founder"};
    private static final String[] GOOD_INDUSTRY = {"Software", "Manufacturing", "Financial Services", "Healthcare",
            "Logistics"};
    private static final String[] GOOD_COUNTRY = {"DE", "AT", "CH", "US", "GB", "FR", "NL"};

    private Profile profile(int n) {
        String first = pick(FIRST);
        String last = pick(LAST);
        String local = (ascii(first) + "." + ascii(last)).replace(" ", "").toLowerCase(Locale.ROOT) + n;
        String company = pick(COMPANY);
        String domain = ascii(company).toLowerCase(Locale.ROOT).replace(' ', '-') + ".example";
        double roll = random.nextDouble();
        if (roll < 0.62) {
            return new Profile(first, last, local + "@" + domain, company, domain, pick(GOOD_TITLE), pick(GOOD_COUNTRY),
                    pick(GOOD_INDUSTRY), 201 + random.nextInt(800), null, true, "target account");
        }
        if (roll < 0.74) {
            return new Profile(first, last, local + "@student.uni-example.edu", "University of Example",
                    "uni-example.edu", "Student", pick(GOOD_COUNTRY), "Education", 20000, null, false, "student");
        }
        if (roll < 0.86) {
            return new Profile(first, last, local + "@" + pick(new String[]{"gmail.com", "yahoo.com", "gmx.de"}),
                    company, domain, pick(GOOD_TITLE), pick(GOOD_COUNTRY), pick(GOOD_INDUSTRY),
                    201 + random.nextInt(800), null, false, "free mail");
        }
        return new Profile(first, last, local + "@" + domain, first + "'s Studio", domain,
                pick(new String[]{"Freelancer", "Consultant", "Office Manager"}),
                pick(new String[]{"BR", "IN", "ZA", "DE"}), pick(new String[]{"Retail", "Hospitality", "Software"}),
                1 + random.nextInt(12), null, false, "small company");
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String ascii(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("[^\\p{ASCII}]", "")
                .replaceAll("[^A-Za-z0-9 .-]", "");
    }

    // ---- the CRM ----------------------------------------------------------------------------------------------------

    private void sendLead(int n) throws IOException, InterruptedException {
        Profile p = profile(n);
        count("leads");
        count(p.good() ? "good" : "poor");
        boolean replay = n % 7 == 0;
        double channel = random.nextDouble();
        if (channel < 0.35) {
            sendHubSpot(n, p, replay);
        } else if (channel < 0.60) {
            sendSalesforce(n, p, replay);
        } else {
            sendGeneric(n, p, replay);
        }
    }

    private void sendHubSpot(int n, Profile p, boolean replay) throws IOException, InterruptedException {
        count("hubspot");
        String source = pick(new String[]{"ORGANIC_SEARCH", "PAID_SEARCH", "PAID_SOCIAL", "REFERRALS", "OFFLINE"});
        long objectId = runId % 100_000 * 10_000 + n;
        long eventBase = (runId * 1000 + n) * 20;
        long now = System.currentTimeMillis();
        ArrayNode events = JSON.createArrayNode();
        events.add(hubSpotEvent(eventBase, now - 2000, "contact.creation", objectId, null, null));
        String[][] props = {{"email", p.email()}, {"firstname", p.firstName()}, {"lastname", p.lastName()},
                {"company", p.company()}, {"jobtitle", p.title()}, {"country", p.country()},
                {"industry", p.industry()}, {"numberofemployees", Integer.toString(p.size())},
                {"website", "https://www." + p.domain()}, {"hs_analytics_source", source},
                {"hs_analytics_source_data_1", "demo-" + source.toLowerCase(Locale.ROOT)}};
        for (int i = 0; i < props.length; i++) {
            events.add(hubSpotEvent(eventBase + 1 + i, now - 1900 + i, "contact.propertyChange", objectId,
                    props[i][0], props[i][1]));
        }
        byte[] body = JSON.writeValueAsBytes(events);
        JsonNode answer = postHubSpot(body);
        log("HubSpot   contact %d %-28s %-16s %-14s -> %s", objectId, p.email(), trim(p.title(), 16), p.kind(),
                brief(answer));
        if (replay) {
            // HubSpot retries the same delivery (same eventIds) and also re-sends one event alone
            count("replays", 2);
            JsonNode again = postHubSpot(body);
            ArrayNode one = JSON.createArrayNode().add(events.get(1).deepCopy());
            ((ObjectNode) one.get(0)).put("attemptNumber", 1);
            JsonNode single = postHubSpot(JSON.writeValueAsBytes(one));
            absorbed("HubSpot retry of the whole delivery", answer, again);
            absorbed("HubSpot eventId " + (eventBase + 1) + " again", answer, single);
        }
        if (p.good()) {
            engagement(n, p, "website tracking");
        }
    }

    private ObjectNode hubSpotEvent(long eventId, long occurredAt, String type, long objectId, String property,
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

    private JsonNode postHubSpot(byte[] body) throws IOException, InterruptedException {
        long timestamp = System.currentTimeMillis();
        String signature = Signatures.hubSpotV3(options.hubSpotSecret, "POST",
                hubSpotUri(options.leadUrl, options.publicBaseUrl), body, timestamp);
        return post(HttpRequest.newBuilder(URI.create(options.leadUrl + "/webhooks/hubspot"))
                .header("Content-Type", "application/json")
                .header("X-HubSpot-Signature-v3", signature)
                .header("X-HubSpot-Request-Timestamp", Long.toString(timestamp)), body, "hubspot");
    }

    private void sendSalesforce(int n, Profile p, boolean replay) throws IOException, InterruptedException {
        count("salesforce");
        String leadSource = pick(new String[]{"Trade Show", "Webinar", "Partner Referral", "Cold Call", "Web"});
        String sObjectId = sfId("00Q", n);
        // a couple of notifications: the lead as created, then an update a little later
        Instant created = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
        String first = notification(sfId("04l", n * 2), sObjectId, p, leadSource, created, false);
        String second = notification(sfId("04l", n * 2 + 1), sObjectId, p, leadSource, created.plusSeconds(20), true);
        byte[] body = soap(first + second).getBytes(StandardCharsets.UTF_8);
        JsonNode answer = postSalesforce(body);
        log("Salesforce lead %s %-28s %-16s %-14s (%s) -> %s", sObjectId, p.email(), trim(p.title(), 16), p.kind(),
                leadSource, brief(answer));
        if (replay) {
            count("replays");
            JsonNode again = postSalesforce(body);
            absorbed("Salesforce redelivery of notifications " + sfId("04l", n * 2) + "+1", answer, again);
        }
        if (p.good()) {
            engagement(n, p, leadSource);
        }
    }

    private String sfId(String prefix, long n) {
        String digits = String.format(Locale.ROOT, "%012d", (runId % 1_000_000) * 1_000_000 + n);
        return prefix + digits.substring(digits.length() - 12) + "AAA";
    }

    private String notification(String id, String sObjectId, Profile p, String leadSource, Instant modified,
                                boolean update) {
        StringBuilder s = new StringBuilder();
        s.append("   <Notification>\n    <Id>").append(id).append("</Id>\n")
                .append("    <sObject xsi:type=\"sf:Lead\" xmlns:sf=\"urn:sobject.enterprise.soap.sforce.com\">\n");
        field(s, "Id", sObjectId);
        field(s, "Email", p.email());
        field(s, "FirstName", p.firstName());
        field(s, "LastName", p.lastName());
        field(s, "Company", p.company());
        if (update) {
            field(s, "Title", p.title());
            field(s, "Country", p.country());
            field(s, "Industry", p.industry());
            field(s, "NumberOfEmployees", Integer.toString(p.size()));
            field(s, "Website", "https://www." + p.domain());
        }
        field(s, "LeadSource", leadSource);
        field(s, "LastModifiedDate", modified.toString());
        s.append("    </sObject>\n   </Notification>\n");
        return s.toString();
    }

    private static void field(StringBuilder s, String name, String value) {
        s.append("     <sf:").append(name).append('>').append(xml(value)).append("</sf:").append(name).append(">\n");
    }

    private static String xml(String v) {
        return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;");
    }

    private String soap(String notifications) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                 <soapenv:Body>
                  <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
                   <OrganizationId>%s</OrganizationId>
                   <ActionId>04k000000000DEVAAA</ActionId>
                   <SessionId xsi:nil="true"/>
                   <EnterpriseUrl>https://demo.my.salesforce.com/services/Soap/c/59.0/00D000000000DEV</EnterpriseUrl>
                   <PartnerUrl>https://demo.my.salesforce.com/services/Soap/u/59.0/00D000000000DEV</PartnerUrl>
                %s  </notifications>
                 </soapenv:Body>
                </soapenv:Envelope>
                """.formatted(options.salesforceOrg, notifications);
    }

    private JsonNode postSalesforce(byte[] body) throws IOException, InterruptedException {
        // the endpoint URL configured in the outbound message carries the token that authenticates Salesforce
        return post(HttpRequest.newBuilder(URI.create(options.leadUrl + "/webhooks/salesforce?token="
                        + URLEncoder.encode(options.salesforceToken, StandardCharsets.UTF_8)))
                .header("Content-Type", "text/xml; charset=utf-8").header("SOAPAction", "\"\""), body, "salesforce");
    }

    private void sendGeneric(int n, Profile p, boolean replay) throws IOException, InterruptedException {
        count("generic");
        String source = pick(new String[]{"web", "webinar", "trade show", "referral", "paid ads", "outbound call"});
        ObjectNode lead = JSON.createObjectNode();
        lead.put("eventId", "demo-" + runId + "-" + n).put("externalId", "demo-contact-" + runId + "-" + n)
                .put("occurredAt", Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS).toString())
                .put("email", p.email()).put("firstName", p.firstName()).put("lastName", p.lastName())
                .put("company", p.company()).put("companyDomain", p.domain()).put("title", p.title())
                .put("country", p.country()).put("industry", p.industry()).put("companySize", p.size())
                .put("source", source).put("campaign", "demo-" + source.replace(' ', '-'));
        lead.set("activities", activities(n, p, source));
        byte[] body = JSON.writeValueAsBytes(lead);
        String key = "demo-" + runId + "-" + n;
        JsonNode answer = postGeneric(body, key);
        log("generic   %-14s %-28s %-16s %-14s -> %s", source, p.email(), trim(p.title(), 16), p.kind(),
                brief(answer));
        if (replay) {
            count("replays", 2);
            JsonNode again = postGeneric(body, key);
            JsonNode noKey = postGeneric(body, null);
            absorbed("generic retry with Idempotency-Key " + key, answer, again);
            absorbed("generic eventId " + lead.get("eventId").asText() + " again", answer, noKey);
        }
    }

    /** Activities of a lead: strong buying signals for a target account, a little reading for the others. */
    private ArrayNode activities(int n, Profile p, String source) {
        ArrayNode list = JSON.createArrayNode();
        Instant t = Instant.now().minusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
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

    /** A target account's engagement, reported by the web tracking as a generic delivery matched by e-mail. */
    private void engagement(int n, Profile p, String source) throws IOException, InterruptedException {
        ObjectNode lead = JSON.createObjectNode();
        lead.put("eventId", "demo-" + runId + "-" + n + "-engagement").put("email", p.email());
        lead.set("activities", activities(n, p, source));
        JsonNode answer = postGeneric(JSON.writeValueAsBytes(lead), null);
        log("  + activities for %s -> %s", p.email(), brief(answer));
    }

    private JsonNode postGeneric(byte[] body, String idempotencyKey) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(options.leadUrl + "/webhooks/"
                        + options.genericSource))
                .header("Content-Type", "application/json")
                .header("Funnel-Signature", Signatures.funnelSignature(options.genericSecret,
                        Instant.now().getEpochSecond(), body));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return post(b, body, "webhook:" + options.genericSource);
    }

    private void absorbed(String what, JsonNode first, JsonNode again) {
        boolean ok = again != null && again.path("status").asInt() / 100 == 2
                && again.path("leads").equals(first.path("leads"))
                && (again.path("duplicate").asBoolean(false) || again.path("replayed").asBoolean(false));
        if (ok) {
            count("absorbed");
        }
        log("  %s %s: %s", ok ? "=" : "!", what, ok ? "absorbed (" + again.path("status").asInt()
                + ", same lead, no new lead)" : "NOT absorbed: " + brief(again));
    }

    /** Posts; the answer as JSON with {@code status} added (Salesforce's SOAP acknowledgement becomes ack). */
    private JsonNode post(HttpRequest.Builder request, byte[] body, String channel)
            throws IOException, InterruptedException {
        HttpResponse<String> response = send(request.timeout(Duration.ofSeconds(15))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        ObjectNode answer;
        String text = response.body();
        if (text != null && text.startsWith("{")) {
            answer = (ObjectNode) JSON.readTree(text);
        } else {
            answer = JSON.createObjectNode();
            answer.put("ack", text != null && text.contains("<Ack>true</Ack>"));
        }
        answer.put("status", response.statusCode());
        if (response.headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false)) {
            answer.put("replayed", true);
        }
        if (channel.equals("salesforce") && response.statusCode() == 200) {
            answer.put("duplicate", true); // the SOAP ack says nothing else; see absorbed()
        }
        if (response.statusCode() / 100 != 2) {
            count("errors");
        }
        return answer;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            // without the query: the Salesforce URL's token stays out of the log
            URI uri = request.uri();
            throw new IOException(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath()
                    + " is unreachable", e);
        }
    }

    private static String brief(JsonNode a) {
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

    private static String trim(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }

    // ---- the sales team -------------------------------------------------------------------------------------------

    private static final String[] REPS = {"alice", "bob", "carla", "deniz"};
    private static final String[] REJECT = {"NOT_A_FIT", "NO_BUDGET", "TOO_EARLY", "BAD_CONTACT_DATA", "COMPETITOR"};
    private static final String[] LOST = {"chose a competitor", "no budget this year", "project cancelled",
            "went quiet after the demo"};
    /** One currency: the shared revenue figures add amounts up as they are. */
    private static final String[] CURRENCY = {"EUR"};

    private final class SalesTeam {
        private final Random dice;
        private final Map<String, String> tokens = new HashMap<>();
        private final Set<String> decided = new HashSet<>();
        private final String opsToken = TestTokens.forRole("sales-ops-lead", "sales-ops");

        SalesTeam(Random dice) {
            this.dice = dice;
            for (String rep : REPS) {
                tokens.put(rep, TestTokens.forRole(rep, "sales"));
            }
        }

        void work(Instant end) {
            try {
                joinTheInboundQueue();
            } catch (IOException | RuntimeException e) {
                log("  ! sales team: could not register the reps: %s", e.getMessage());
            } catch (InterruptedException e) {
                return;
            }
            int rounds = 0;
            while (Instant.now().isBefore(end) && rounds++ < 10_000 && !Thread.currentThread().isInterrupted()) {
                try {
                    round();
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    count("errors");
                    log("  ! sales team: %s", e.getMessage());
                    try {
                        Thread.sleep(2000);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }

        private void round() throws IOException, InterruptedException {
            int actions = 0;
            Set<String> touched = new HashSet<>(); // one step per lead and round: a rep takes a moment per stage
            for (JsonNode h : handoffs("MQL")) {
                if (actions++ >= 20) {
                    return;
                }
                String lead = h.path("leadId").asText();
                if (touched.contains(lead) || !decided.add("MQL:" + lead)) {
                    continue;
                }
                touched.add(lead);
                String rep = rep(h);
                if (dice.nextDouble() < 0.8) {
                    act(rep, lead, "accept", JSON.createObjectNode(), "accepted", "SAL");
                } else {
                    String reason = REJECT[dice.nextInt(REJECT.length)];
                    ObjectNode body = JSON.createObjectNode().put("reason", reason)
                            .put("note", "demo: " + reason.toLowerCase(Locale.ROOT).replace('_', ' '));
                    act(rep, lead, "reject", body, "rejected", "RECYCLED (" + reason + ")");
                }
            }
            for (JsonNode h : handoffs("SAL")) {
                if (actions++ >= 20) {
                    return;
                }
                String lead = h.path("leadId").asText();
                if (touched.contains(lead) || !decided.add("SAL:" + lead)) {
                    continue;
                }
                touched.add(lead);
                String rep = rep(h);
                if (dice.nextDouble() < 0.85) {
                    ObjectNode body = JSON.createObjectNode();
                    body.putObject("checklist")
                            .put("BUYING_CENTER", "CFO signs, Head of IT and VP Sales evaluate")
                            .put("BUYING_CYCLE_POSITION", "comparing two vendors")
                            .put("BUDGET", (20 + dice.nextInt(80)) + "k approved for next quarter")
                            .put("TIMELINE", "decision within " + (2 + dice.nextInt(10)) + " weeks")
                            .put("OBSTACLES", "data migration from the old CRM")
                            .put("MAIN_COMPETITOR", dice.nextBoolean() ? "Acme Funnels" : "none named");
                    act(rep, lead, "qualify", body, "qualified", "SQL");
                } else {
                    ObjectNode body = JSON.createObjectNode().put("outcome", "LOST")
                            .put("reason", LOST[dice.nextInt(LOST.length)]);
                    act(rep, lead, "close", body, "lost", "LOST before SQL");
                }
            }
            for (JsonNode h : handoffs("SQL")) {
                if (actions++ >= 20) {
                    return;
                }
                String lead = h.path("leadId").asText();
                if (touched.contains(lead) || !decided.add("SQL:" + lead)) {
                    continue;
                }
                touched.add(lead);
                String rep = rep(h);
                if (dice.nextDouble() < 0.65) {
                    int amount = (5 + dice.nextInt(95)) * 1000;
                    String currency = CURRENCY[dice.nextInt(CURRENCY.length)];
                    ObjectNode body = JSON.createObjectNode().put("outcome", "WON").put("amount", amount)
                            .put("currency", currency);
                    if (act(rep, lead, "close", body, "won", "WON " + amount + " " + currency)) {
                        count("wonAmount", amount);
                    }
                } else {
                    ObjectNode body = JSON.createObjectNode().put("outcome", "LOST")
                            .put("reason", LOST[dice.nextInt(LOST.length)]);
                    act(rep, lead, "close", body, "lost", "LOST");
                }
            }
        }

        /**
         * Registers the reps in the team named after the fallback queue: a rep may only act on their own hand-offs
         * and on their team's queue, and with no routing rules every lead waits in that queue.
         */
        private void joinTheInboundQueue() throws IOException, InterruptedException {
            HttpResponse<String> table = send(HttpRequest.newBuilder(URI.create(options.handoffUrl + "/routing"))
                    .header("Authorization", "Bearer " + opsToken).timeout(Duration.ofSeconds(10)).GET().build());
            String queue = table.statusCode() == 200
                    ? JSON.readTree(table.body()).path("fallbackQueue").asText("inbound") : "inbound";
            for (String rep : REPS) {
                send(HttpRequest.newBuilder(URI.create(options.handoffUrl + "/reps/" + rep))
                        .header("Authorization", "Bearer " + opsToken).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(10))
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"team\":\"" + queue + "\"}")).build());
            }
            log("sales team: %s work the %s queue", String.join(", ", REPS), queue);
        }

        private String rep(JsonNode handoff) {
            String owner = handoff.path("owner").asText("");
            return tokens.containsKey(owner) ? owner : REPS[dice.nextInt(REPS.length)];
        }

        private List<JsonNode> handoffs(String stage) throws IOException, InterruptedException {
            HttpResponse<String> r = send(HttpRequest.newBuilder(
                            URI.create(options.handoffUrl + "/handoffs?status=" + stage + "&limit=50"))
                    .header("Authorization", "Bearer " + opsToken).timeout(Duration.ofSeconds(10)).GET().build());
            if (r.statusCode() != 200) {
                throw new IOException("GET /handoffs?status=" + stage + " answered " + r.statusCode());
            }
            List<JsonNode> list = new java.util.ArrayList<>();
            JSON.readTree(r.body()).forEach(list::add);
            return list;
        }

        private boolean act(String rep, String lead, String action, ObjectNode body, String counter, String result)
                throws IOException, InterruptedException {
            HttpResponse<String> r = send(HttpRequest.newBuilder(
                            URI.create(options.handoffUrl + "/leads/" + lead + "/" + action))
                    .header("Authorization", "Bearer " + tokens.get(rep))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
            if (r.statusCode() / 100 == 2) {
                count(counter);
                log("sales     %-6s %-8s lead %s -> %s", rep, action, lead, result);
                return true;
            }
            count("refused");
            log("sales     %-6s %-8s lead %s -> %d %s", rep, action, lead, r.statusCode(), trim(r.body(), 160));
            return false;
        }
    }
}
