package io.leadfunnel.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Random;

/**
 * The Salesforce sender: an outbound message (SOAP) per lead to {@code /webhooks/salesforce?token=...}, the endpoint
 * URL an outbound message is configured with. It carries two notifications: the lead as created, then as updated
 * with title, country, industry, size and website.
 */
final class SalesforceSender {

    static final String[] LEAD_SOURCES = {"Trade Show", "Webinar", "Partner Referral", "Cold Call", "Web"};

    private final FeedOptions options;
    private final long runId;
    private final Random random;
    private final LeadWebhooks webhooks;
    private final GenericSender tracking;
    private final FeedReport report;

    /**
     * @param runId    part of every id, so a second run adds new leads
     * @param random   shared with the profiles and the other senders
     * @param tracking reports a target account's engagement, which the outbound messages do not carry
     */
    SalesforceSender(FeedOptions options, long runId, Random random, LeadWebhooks webhooks, GenericSender tracking,
                     FeedReport report) {
        this.options = options;
        this.runId = runId;
        this.random = random;
        this.webhooks = webhooks;
        this.tracking = tracking;
        this.report = report;
    }

    /** The {@code n}th lead; a replay delivers the same message again, as Salesforce does until it has an ack. */
    void send(int n, Profile p, boolean replay) throws IOException, InterruptedException {
        report.count("salesforce");
        String leadSource = Profiles.pick(random, LEAD_SOURCES);
        Instant created = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
        byte[] body = message(n, p, leadSource, created).getBytes(StandardCharsets.UTF_8);
        ObjectNode answer = post(body);
        report.log("Salesforce lead %s %-28s %-16s %-14s (%s) -> %s", id("00Q", n), p.email(),
                FeedReport.trim(p.title(), 16), p.kind(), leadSource, LeadWebhooks.brief(answer));
        if (replay) {
            report.count("replays");
            ObjectNode again = post(body);
            webhooks.absorbed("Salesforce redelivery of notifications " + id("04l", n * 2) + "+1", answer, again);
        }
        if (p.good()) {
            tracking.engagement(n, p, leadSource);
        }
    }

    /** The outbound message: the lead as created at {@code created}, and as updated 20 s later. */
    String message(int n, Profile p, String leadSource, Instant created) {
        String lead = id("00Q", n);
        return envelope(notification(id("04l", n * 2), lead, p, leadSource, created, false)
                + notification(id("04l", n * 2 + 1), lead, p, leadSource, created.plusSeconds(20), true));
    }

    /** A Salesforce-shaped id: the key prefix, twelve digits from the run and {@code n}, and a suffix. */
    String id(String prefix, long n) {
        String digits = String.format(Locale.ROOT, "%012d", (runId % 1_000_000) * 1_000_000 + n);
        return prefix + digits.substring(digits.length() - 12) + "AAA";
    }

    private static String notification(String id, String sObjectId, Profile p, String leadSource, Instant modified,
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

    private String envelope(String notifications) {
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
                """.formatted(xml(options.salesforceOrg()), notifications);
    }

    /** Addressed to the endpoint URL, whose token authenticates Salesforce: outbound messages carry no signature. */
    HttpRequest.Builder request() {
        return HttpRequest.newBuilder(URI.create(options.leadUrl() + "/webhooks/salesforce?token="
                        + URLEncoder.encode(options.salesforceToken(), StandardCharsets.UTF_8)))
                .header("Content-Type", "text/xml; charset=utf-8").header("SOAPAction", "\"\"");
    }

    private ObjectNode post(byte[] body) throws IOException, InterruptedException {
        ObjectNode answer = webhooks.post(request(), body);
        if (answer.path("status").asInt() == 200) {
            answer.put("duplicate", true); // the SOAP ack says nothing else; see LeadWebhooks.absorbed
        }
        return answer;
    }
}
