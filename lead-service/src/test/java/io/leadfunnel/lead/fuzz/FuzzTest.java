package io.leadfunnel.lead.fuzz;

import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.lead.webhook.FunnelSignature;
import io.leadfunnel.lead.webhook.HubSpotSignature;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.fuzz.JsonFuzzer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import static io.leadfunnel.lead.LeadServiceTestProfile.HUBSPOT_SECRET;
import static io.leadfunnel.lead.LeadServiceTestProfile.PUBLIC_BASE_URL;
import static io.leadfunnel.lead.LeadServiceTestProfile.SALESFORCE_ORG_ID;
import static io.leadfunnel.lead.LeadServiceTestProfile.SALESFORCE_PREVIOUS_TOKEN;
import static io.leadfunnel.lead.LeadServiceTestProfile.SALESFORCE_TOKEN;
import static io.leadfunnel.lead.LeadServiceTestProfile.SOURCE;
import static io.leadfunnel.lead.LeadServiceTestProfile.SOURCE_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded fuzzing of every webhook and of the sales-ops API through real HTTP, at least 10,000 inputs per endpoint
 * family: mutated valid bodies (operators and dotted keys, huge strings, deep nesting, out-of-range numbers, NaN,
 * extreme dates, invalid UTF-8, oversized batches), signed over the mutated bytes so they reach the parsers, plus a
 * share of unsigned, wrongly signed and replayed ones. No input may get a 5xx, and a 4xx must leave the store as it
 * was. The seed is printed; {@code -Dfuzz.seed=N} replays a run, {@code -Dfuzz.inputs=N} changes the count. Each
 * family leaves {@code target/fuzz-report/<family>.json}.
 */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class FuzzTest {

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    @TestHTTPResource("/")
    URI base;

    private static final Instant T0 = Instant.now().minusSeconds(60);
    private long counter = System.nanoTime() % 1_000_000_000L;

    @Test
    void hubspotWebhook() {
        run("lead-service-webhook-hubspot", (fuzz) -> {
            JsonFuzzer json = fuzz.json;
            Random random = json.random();
            long contact = identity(random);
            long t = T0.toEpochMilli();
            String valid = "[{\"eventId\":" + contact + ",\"subscriptionType\":\"contact.creation\",\"objectId\":" + contact
                    + ",\"occurredAt\":" + t + ",\"portalId\":62515,\"attemptNumber\":0},"
                    + "{\"eventId\":" + (contact + 1_000_000) + ",\"subscriptionType\":\"contact.propertyChange\",\"objectId\":" + contact
                    + ",\"occurredAt\":" + (t + 1) + ",\"propertyName\":\"email\",\"propertyValue\":\"fz-" + contact
                    + "@fuzz.example\"},"
                    + "{\"eventId\":" + (contact + 2_000_000) + ",\"subscriptionType\":\"contact.propertyChange\",\"objectId\":" + contact
                    + ",\"occurredAt\":" + (t + 2) + ",\"propertyName\":\"" + pick(random, "firstname", "company",
                    "numberofemployees", "country", "website", "hs_analytics_source", "jobtitle") + "\","
                    + "\"propertyValue\":\"Ada\"}]";
            byte[] body = body(json, valid);
            String ts = Long.toString(Instant.now().toEpochMilli());
            Map<String, String> headers = new HashMap<>();
            headers.put("Content-Type", random.nextInt(50) == 0 ? "text/plain" : "application/json");
            String uri = PUBLIC_BASE_URL + "/webhooks/hubspot";
            int auth = random.nextInt(100);
            if (auth < 85) {
                headers.put(HubSpotSignature.SIGNATURE_HEADER, HubSpotSignature.sign(HUBSPOT_SECRET, "POST", uri, body, ts));
                headers.put(HubSpotSignature.TIMESTAMP_HEADER, ts);
            } else {
                // the valid body, which would be stored if it were authentic
                body = JsonFuzzer.utf8(valid);
                switch (auth % 6) {
                    case 0 -> { } // unsigned
                    case 1 -> {
                        headers.put(HubSpotSignature.SIGNATURE_HEADER, HubSpotSignature.sign("wrong", "POST", uri, body, ts));
                        headers.put(HubSpotSignature.TIMESTAMP_HEADER, ts);
                    }
                    case 2 -> {
                        String stale = Long.toString(Instant.now().minusSeconds(600).toEpochMilli());
                        headers.put(HubSpotSignature.SIGNATURE_HEADER,
                                HubSpotSignature.sign(HUBSPOT_SECRET, "POST", uri, body, stale));
                        headers.put(HubSpotSignature.TIMESTAMP_HEADER, stale);
                    }
                    case 3 -> headers.put(HubSpotSignature.LEGACY_SIGNATURE_HEADER, "0".repeat(64));
                    case 4 -> {
                        headers.put(HubSpotSignature.SIGNATURE_HEADER, json.hostileString().replaceAll("[\\r\\n\\x00]", ""));
                        headers.put(HubSpotSignature.TIMESTAMP_HEADER, ts);
                    }
                    default -> {
                        headers.put(HubSpotSignature.SIGNATURE_HEADER, HubSpotSignature.sign(HUBSPOT_SECRET, "POST", uri,
                                JsonFuzzer.utf8(valid.replace("Ada", "Eve")), ts));
                        headers.put(HubSpotSignature.TIMESTAMP_HEADER, ts);
                    }
                }
            }
            fuzz.harness.send("POST", "/webhooks/hubspot", safe(headers), body, new String(body, StandardCharsets.UTF_8));
        });
    }

    @Test
    void genericWebhook() {
        run("lead-service-webhook-generic", (fuzz) -> {
            JsonFuzzer json = fuzz.json;
            Random random = json.random();
            String at = T0.toString();
            long n = identity(random);
            String lead = "{\"eventId\":\"fz-" + n + "\",\"externalId\":\"fz-" + n + "\",\"occurredAt\":\"" + at + "\","
                    + "\"email\":\"fz-" + n + "@fuzz.example\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\","
                    + "\"company\":\"Acme\",\"companyDomain\":\"acme.example\",\"title\":\"CTO\",\"country\":\"DE\","
                    + "\"industry\":\"Software\",\"companySize\":50,\"source\":\"webinar\",\"campaign\":\"fz\","
                    + "\"origin\":\"MARKETING\",\"activities\":[{\"activityId\":\"a-" + n + "\",\"type\":\"DEMO_REQUESTED\","
                    + "\"occurredAt\":\"" + at + "\",\"campaign\":\"fz\",\"detail\":{\"page\":\"/pricing\"}}]}";
            String valid = random.nextBoolean() ? lead : "[" + lead + "," + lead.replace("fz-" + n, "fz-" + n + "b") + "]";
            byte[] body = body(json, valid);
            Map<String, String> headers = new HashMap<>();
            headers.put("Content-Type", random.nextInt(50) == 0 ? "application/xml" : "application/json");
            if (random.nextInt(5) == 0) {
                headers.put("Idempotency-Key", random.nextBoolean() ? "fz-key-" + n : json.hostileString());
            }
            long now = Instant.now().getEpochSecond();
            int auth = random.nextInt(100);
            if (auth < 85) {
                headers.put(FunnelSignature.HEADER, FunnelSignature.header(SOURCE_SECRET, now, body));
            } else {
                body = JsonFuzzer.utf8(valid);
                switch (auth % 5) {
                    case 0 -> { }
                    case 1 -> headers.put(FunnelSignature.HEADER, FunnelSignature.header("wrong", now, body));
                    case 2 -> headers.put(FunnelSignature.HEADER, FunnelSignature.header(SOURCE_SECRET, now - 600, body));
                    case 3 -> headers.put(FunnelSignature.HEADER, "t=" + now + ",v1=" + json.hostileString());
                    default -> headers.put(FunnelSignature.HEADER, FunnelSignature.header(SOURCE_SECRET, now,
                            JsonFuzzer.utf8(valid.replace("Ada", "Eve"))));
                }
            }
            String source = random.nextInt(50) == 0 ? URLEncoder.encode(json.hostileString(), StandardCharsets.UTF_8) : SOURCE;
            fuzz.harness.send("POST", "/webhooks/" + source, safe(headers), body, new String(body, StandardCharsets.UTF_8));
        });
    }

    @Test
    void salesforceWebhook() {
        run("lead-service-webhook-salesforce", (fuzz) -> {
            JsonFuzzer json = fuzz.json;
            Random random = json.random();
            long n = identity(random);
            String valid = salesforceMessage(SALESFORCE_ORG_ID, n, 1 + random.nextInt(3));
            String xml = valid;
            byte[] body;
            int kind = random.nextInt(14);
            switch (kind) {
                case 0 -> xml = xml.replace(">Ada<", ">" + escape(json.hostileString()) + "<");
                case 1 -> xml = xml.replace(">Ada<", ">" + json.hostileString() + "<");
                case 2 -> xml = xml.replace("2026-01-05T10:00:00.000Z", escape(json.hostileString()));
                case 3 -> xml = xml.replace(SALESFORCE_ORG_ID, pick(random, "00D000000000EvilAA", "", "00D5e000000TestAA",
                        escape(json.hostileString())));
                case 4 -> xml = "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x \"" + "y".repeat(100)
                        + "\">]>" + xml.substring(xml.indexOf("?>") + 2).replace(">Ada<", ">&x;<");
                case 5 -> xml = salesforceMessage(SALESFORCE_ORG_ID, n, 95 + random.nextInt(10));
                case 6 -> xml = xml.replace("<sf:FirstName>", "<sf:FirstName>" + "<x>".repeat(random.nextInt(2000))
                        + "</x>".repeat(0));
                case 7 -> xml = xml.replace("sf:Lead", pick(random, "sf:Contact", "", "sf:$where", "sf:a.b"));
                case 8 -> xml = xml.substring(0, random.nextInt(xml.length()));
                case 9 -> xml = json.randomJson();
                case 10 -> xml = xml.replace("<sf:Email>", "<sf:" + pick(random, "Status", "OwnerId", "a.b", "x-y",
                        "Rating") + ">" + escape(json.hostileString()) + "</sf:" + "x>" + "<sf:Email>");
                case 11 -> xml = xml.replace("<sf:NumberOfEmployees>50<", "<sf:NumberOfEmployees>"
                        + escape(JsonFuzzer.HOSTILE_NUMBERS.get(random.nextInt(JsonFuzzer.HOSTILE_NUMBERS.size()))) + "<");
                case 12 -> xml = xml.replace("<Id>", "<Id>" + escape(json.hostileString()));
                default -> { }
            }
            body = JsonFuzzer.utf8(xml);
            if (random.nextInt(8) == 0) {
                body = json.mutateBytes(body);
            }
            Map<String, String> headers = Map.of("Content-Type", random.nextInt(50) == 0 ? "application/json"
                    : pick(random, "text/xml; charset=utf-8", "application/xml", "text/xml"));
            // the endpoint URL's token: the configured one, mostly; sometimes none, another, or hostile text
            String url = "/webhooks/salesforce?token=" + switch (random.nextInt(40)) {
                case 0 -> "";
                case 1 -> SALESFORCE_PREVIOUS_TOKEN + "x";
                case 2 -> URLEncoder.encode(json.hostileString(), StandardCharsets.UTF_8);
                default -> SALESFORCE_TOKEN;
            };
            fuzz.harness.send("POST", url, headers, body, new String(body, StandardCharsets.UTF_8));
        });
    }

    @Test
    void leadsApi() {
        String token = TestTokens.bearer(TestTokens.forRole("fuzz", "sales-ops"));
        String[] target = new String[1];
        run("lead-service-api-leads", (fuzz) -> {
            JsonFuzzer json = fuzz.json;
            Random random = json.random();
            if (target[0] == null) {
                long n = next();
                fuzz.harness.send("POST", "/leads", Map.of("Authorization", token, "Content-Type", "application/json"),
                        JsonFuzzer.utf8("{\"email\":\"fz-target-" + n + "@fuzz.example\",\"source\":\"WEB\"}"), "target");
                target[0] = fuzz.harness.leadIdByEmail("fz-target-" + n + "@fuzz.example");
            }
            Map<String, String> headers = new HashMap<>();
            headers.put("Authorization", token);
            long n = identity(random);
            int op = random.nextInt(100);
            if (op < 35) {
                String valid = "{\"email\":\"fz-" + n + "@fuzz.example\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\","
                        + "\"company\":\"Acme\",\"title\":\"CTO\",\"country\":\"Germany\",\"industry\":\"Software\","
                        + "\"companySize\":50,\"source\":\"WEBINAR\",\"sourceDetail\":\"fz\",\"campaign\":\"fz\","
                        + "\"origin\":\"MARKETING\"}";
                headers.put("Content-Type", contentType(random, "application/json"));
                if (random.nextInt(5) == 0) {
                    headers.put("Idempotency-Key", random.nextBoolean() ? "fz-" + n : json.hostileString());
                }
                byte[] body = body(json, valid);
                fuzz.harness.send("POST", "/leads", safe(headers), body, new String(body, StandardCharsets.UTF_8));
            } else if (op < 60) {
                String valid = "{\"title\":\"COO\",\"industry\":null,\"company\":\"Acme " + (n % 3) + "\",\"companySize\":"
                        + (n % 3) + ",\"country\":\"FR\",\"campaign\":\"fz\"}";
                headers.put("Content-Type", contentType(random, "application/merge-patch+json"));
                byte[] body = body(json, valid);
                fuzz.harness.send("PATCH", "/leads/" + target[0], safe(headers), body,
                        new String(body, StandardCharsets.UTF_8), target[0]);
            } else if (op < 80) {
                String valid = "{\"type\":\"PAGE_VIEW\",\"occurredAt\":\"" + T0
                        + "\",\"activityId\":\"fz-" + n + "\",\"campaign\":\"fz\",\"detail\":{\"url\":\"/pricing\"}}";
                headers.put("Content-Type", contentType(random, "application/json"));
                byte[] body = body(json, valid);
                fuzz.harness.send("POST", "/leads/" + target[0] + "/activities", safe(headers), body,
                        new String(body, StandardCharsets.UTF_8), target[0]);
            } else if (op < 96) {
                String query = query(json, random);
                fuzz.harness.send("GET", "/leads?" + query, headers, null, "GET /leads?" + query);
            } else {
                String id = URLEncoder.encode(json.hostileString(), StandardCharsets.UTF_8).replace("+", "%20");
                String method = random.nextBoolean() ? "GET" : "DELETE";
                fuzz.harness.send(method, "/leads/" + id, headers, null, method + " /leads/" + id);
            }
        });
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private record Fuzz(JsonFuzzer json, FuzzHarness harness) {
    }

    private void run(String family, Consumer<Fuzz> oneInput) {
        JsonFuzzer json = JsonFuzzer.fromSystemProperty();
        try (FuzzHarness harness = new FuzzHarness(family, base, infrastructure.mongoConnectionString(), json.seed())) {
            Fuzz fuzz = new Fuzz(json, harness);
            while (harness.inputs() < FuzzHarness.INPUTS) {
                oneInput.accept(fuzz);
            }
            String summary = harness.report();
            assertThat(harness.failures()).as(summary).isEmpty();
            assertThat(harness.serverErrors()).as(summary).isZero();
            assertThat(harness.partialWrites()).as(summary).isZero();
            assertThat(harness.inputs()).isGreaterThanOrEqualTo(FuzzHarness.INPUTS);
        }
    }

    /** A fuzzed body: mostly a mutation of the valid one, sometimes with invalid UTF-8 bytes. */
    private static byte[] body(JsonFuzzer json, String valid) {
        byte[] body = JsonFuzzer.utf8(json.next(valid));
        return json.random().nextInt(10) == 0 ? json.mutateBytes(body) : body;
    }

    private static String contentType(Random random, String usual) {
        return random.nextInt(40) == 0 ? pick(random, "text/plain", "application/xml", "application/json; charset=latin1",
                "multipart/form-data") : usual;
    }

    private static String query(JsonFuzzer json, Random random) {
        List<String> names = List.of("stage", "source", "owner", "campaign", "createdFrom", "createdTo", "q",
                "includeInactive", "cursor", "limit", "stage[$ne]", "q[$gt]", "owner.$where", "$where", "a.b", "email");
        StringBuilder query = new StringBuilder();
        int params = 1 + random.nextInt(3);
        for (int i = 0; i < params; i++) {
            String name = names.get(random.nextInt(names.size()));
            int pick = random.nextInt(4);
            String value = pick == 0 ? JsonFuzzer.OPERATOR_VALUES.get(random.nextInt(JsonFuzzer.OPERATOR_VALUES.size()))
                    : pick == 1 ? JsonFuzzer.HOSTILE_NUMBERS.get(random.nextInt(JsonFuzzer.HOSTILE_NUMBERS.size()))
                    : json.hostileString();
            if (value.length() > 4096) {
                value = value.substring(0, 4096); // the HTTP layer limits the request line; bodies carry the huge ones
            }
            query.append(i == 0 ? "" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    /** Header values the HTTP client can send (it refuses control characters itself, before anything is sent). */
    private static Map<String, String> safe(Map<String, String> headers) {
        Map<String, String> safe = new HashMap<>();
        headers.forEach((k, v) -> {
            String value = v.replaceAll("[^\\x20-\\x7E]", "?");
            safe.put(k, value.length() > 4000 ? value.substring(0, 4000) : value);
        });
        return safe;
    }

    private long next() {
        return ++counter;
    }

    /**
     * An identity for a valid body: mostly one of a few fixed ones (their repeats are answered from the delivery
     * log or change nothing, which keeps the run fast), sometimes a fresh one, so new leads are written too.
     */
    private long identity(Random random) {
        return random.nextInt(100) < 95 ? POOL_BASE + random.nextInt(POOL) : next();
    }

    private static final int POOL = 25;
    private static final long POOL_BASE = 900_000_000_000L + (System.currentTimeMillis() % 1_000_000L) * 1000;

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String salesforceMessage(String orgId, long n, int notifications) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < notifications; i++) {
            String id = String.format("%09d%03d", n % 1_000_000_000L, i);
            items.append("""
                       <Notification>
                        <Id>04l5e%s1</Id>
                        <sObject xsi:type="sf:Lead" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">
                         <sf:Id>00Q5e%s1</sf:Id>
                         <sf:Email>fz-%s@fuzz.example</sf:Email>
                         <sf:FirstName>Ada</sf:FirstName>
                         <sf:LastName>Lovelace</sf:LastName>
                         <sf:Company>Acme</sf:Company>
                         <sf:NumberOfEmployees>50</sf:NumberOfEmployees>
                         <sf:LeadSource>Web</sf:LeadSource>
                         <sf:LastModifiedDate>2026-01-05T10:00:00.000Z</sf:LastModifiedDate>
                        </sObject>
                       </Notification>
                    """.formatted(id, id, id));
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                 <soapenv:Body>
                  <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
                   <OrganizationId>%s</OrganizationId>
                   <ActionId>04k5e000000TestAAA</ActionId>
                %s  </notifications>
                 </soapenv:Body>
                </soapenv:Envelope>
                """.formatted(orgId, items);
    }
}
