package io.leadfunnel.demo;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SalesforceSenderTest {

    private static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String OUTBOUND = "http://soap.sforce.com/2005/09/outbound";
    private static final String SOBJECT = "urn:sobject.enterprise.soap.sforce.com";
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    private static final Profile TARGET = new Profile("Chloé", "O'Neil", "chloe.oneil3@smith-sons.example",
            "Smith & <Sons>", "smith-sons.example", "VP \"Sales\"", "CH", "Logistics", 640, true, "target account");
    private static final long RUN = 1700654321L;

    private final FeedLog log = new FeedLog();

    private SalesforceSender sender(FeedOptions options) {
        LeadWebhooks webhooks = new LeadWebhooks(new FunnelHttpClient(), log.report);
        Random random = new Random(1);
        return new SalesforceSender(options, RUN, random, webhooks,
                new GenericSender(options, RUN, random, webhooks, log.report), log.report);
    }

    @Test
    void a_message_is_a_soap_envelope_from_the_organization_with_the_lead_created_then_updated() throws Exception {
        FeedOptions options = FeedOptions.parse(new String[]{"--salesforce-org", "00D5e000000TEST"}).orElseThrow();
        Instant created = Instant.parse("2026-03-02T10:15:00.125Z");

        Document doc = parse(sender(options).message(3, TARGET, "Webinar", created));

        Element envelope = doc.getDocumentElement();
        assertThat(envelope.getNamespaceURI()).isEqualTo(SOAP);
        assertThat(envelope.getLocalName()).isEqualTo("Envelope");
        assertThat(doc.getElementsByTagNameNS(SOAP, "Body").getLength()).isEqualTo(1);
        assertThat(text(doc.getDocumentElement(), OUTBOUND, "OrganizationId")).isEqualTo("00D5e000000TEST");
        NodeList notifications = doc.getElementsByTagNameNS(OUTBOUND, "Notification");
        assertThat(notifications.getLength()).isEqualTo(2);
        Element created1 = (Element) notifications.item(0);
        Element updated = (Element) notifications.item(1);
        assertThat(text(created1, OUTBOUND, "Id")).isEqualTo("04l654321000006AAA");
        assertThat(text(updated, OUTBOUND, "Id")).isEqualTo("04l654321000007AAA");
        for (Element n : new Element[]{created1, updated}) {
            Element sObject = (Element) n.getElementsByTagNameNS(OUTBOUND, "sObject").item(0);
            assertThat(sObject.getAttributeNS(XSI, "type")).isEqualTo("sf:Lead");
            assertThat(text(n, SOBJECT, "Id")).isEqualTo("00Q654321000003AAA");
            assertThat(text(n, SOBJECT, "Email")).isEqualTo(TARGET.email());
            assertThat(text(n, SOBJECT, "FirstName")).isEqualTo("Chloé");
            assertThat(text(n, SOBJECT, "LastName")).isEqualTo("O'Neil");
            assertThat(text(n, SOBJECT, "Company")).isEqualTo("Smith & <Sons>");
            assertThat(text(n, SOBJECT, "LeadSource")).isEqualTo("Webinar");
        }
        assertThat(created1.getElementsByTagNameNS(SOBJECT, "Title").getLength()).isZero();
        assertThat(text(created1, SOBJECT, "LastModifiedDate")).isEqualTo("2026-03-02T10:15:00.125Z");
        assertThat(text(updated, SOBJECT, "Title")).isEqualTo("VP \"Sales\"");
        assertThat(text(updated, SOBJECT, "Country")).isEqualTo("CH");
        assertThat(text(updated, SOBJECT, "Industry")).isEqualTo("Logistics");
        assertThat(text(updated, SOBJECT, "NumberOfEmployees")).isEqualTo("640");
        assertThat(text(updated, SOBJECT, "Website")).isEqualTo("https://www.smith-sons.example");
        assertThat(text(updated, SOBJECT, "LastModifiedDate")).isEqualTo("2026-03-02T10:15:20.125Z");
    }

    @Test
    void an_organization_id_with_markup_characters_is_escaped_not_written_into_the_envelope() throws Exception {
        FeedOptions options = FeedOptions.parse(new String[]{"--salesforce-org", "00D</OrganizationId>&x"}).orElseThrow();

        Document doc = parse(sender(options).message(3, TARGET, "Webinar", Instant.parse("2026-03-02T10:15:00Z")));

        assertThat(text(doc.getDocumentElement(), OUTBOUND, "OrganizationId")).isEqualTo("00D</OrganizationId>&x");
    }

    @Test
    void ids_look_like_salesforce_ids_and_follow_the_run_and_the_lead_number() {
        SalesforceSender sender = sender(FeedOptions.defaults());

        assertThat(sender.id("00Q", 3)).isEqualTo("00Q654321000003AAA").hasSize(18);
        assertThat(sender.id("04l", 1_000_001)).isEqualTo("04l654322000001AAA");
    }

    @Test
    void the_token_in_the_endpoint_url_authenticates_the_message() {
        FeedOptions options = FeedOptions.parse(new String[]{"--salesforce-token", "tok en/+&x"}).orElseThrow();

        HttpRequest request = sender(options).request().POST(HttpRequest.BodyPublishers.noBody()).build();

        assertThat(request.uri())
                .isEqualTo(URI.create("http://127.0.0.1:8081/webhooks/salesforce?token=tok+en%2F%2B%26x"));
        assertThat(request.headers().firstValue("Content-Type")).contains("text/xml; charset=utf-8");
        assertThat(request.headers().firstValue("SOAPAction")).contains("\"\"");
    }

    @Test
    void a_replay_delivers_the_same_message_again_and_the_ack_counts_as_absorbed() throws Exception {
        try (FakeFunnelService lead = new FakeFunnelService(r -> r.uri().getPath().endsWith("salesforce")
                ? FakeFunnelService.Answer.json(200, "<soapenv:Envelope><Ack>true</Ack></soapenv:Envelope>")
                : FakeFunnelService.Answer.json(200, "{\"leads\":[\"L9\"]}"))) {
            FeedOptions options = FeedOptions.parse(new String[]{"--lead-url", lead.url()}).orElseThrow();

            sender(options).send(3, TARGET, true);

            assertThat(lead.requests()).extracting(r -> r.uri().getPath()).containsExactly("/webhooks/salesforce",
                    "/webhooks/salesforce", "/webhooks/demo");
            assertThat(lead.requests().get(1).text()).isEqualTo(lead.requests().get(0).text());
            assertThat(log.lines().get(0)).matches("Salesforce lead 00Q654321000003AAA "
                    + "chloe\\.oneil3@smith-sons\\.example VP \"Sales\" {7}target account "
                    + "\\(\\w[\\w ]+\\) -> 200 ack");
            assertThat(log.lines().subList(1, 3)).containsExactly(
                    "  = Salesforce redelivery of notifications 04l654321000006AAA+1: absorbed (200, same lead, "
                            + "no new lead)",
                    "  + activities for chloe.oneil3@smith-sons.example -> 200 lead L9");
            assertThat(log.report.get("salesforce")).isEqualTo(1);
            assertThat(log.report.get("replays")).isEqualTo(1);
        }
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Element in, String namespace, String name) {
        return in.getElementsByTagNameNS(namespace, name).item(0).getTextContent();
    }
}
