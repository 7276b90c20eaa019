package io.leadfunnel.lead.webhook;

import io.leadfunnel.runtime.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SalesforceMessageParserTest {

    @Test
    void reads_organization_and_notifications() {
        Map<String, Map<String, String>> notifications = new LinkedHashMap<>();
        notifications.put("04l5e00000AAAA1AAA", Map.of("Id", "00Q5e00000AAAA1AAA", "Email", "ada@example.com",
                "LastName", "Lovelace &amp; Co"));
        notifications.put("04l5e00000AAAA2AAA", Map.of("Id", "00Q5e00000AAAA2AAA"));

        SalesforceMessage message = parse(WebhookSamples.salesforce(WebhookSamples.ORG_ID, notifications));

        assertThat(message.organizationId()).isEqualTo(WebhookSamples.ORG_ID);
        assertThat(message.notifications()).hasSize(2);
        SalesforceMessage.Notification first = message.notifications().get(0);
        assertThat(first.id()).isEqualTo("04l5e00000AAAA1AAA");
        assertThat(first.sObjectType()).isEqualTo("Lead");
        assertThat(first.fields()).containsEntry("Id", "00Q5e00000AAAA1AAA")
                .containsEntry("Email", "ada@example.com").containsEntry("LastName", "Lovelace & Co");
    }

    @Test
    void nil_and_empty_fields_are_read_as_null() {
        String xml = WebhookSamples.salesforce(WebhookSamples.ORG_ID, Map.of("n1", Map.of("Id", "00Q5e00000AAAA1AAA")))
                .replace("</sObject>", "<sf:Title xsi:nil=\"true\"/><sf:Company></sf:Company></sObject>");
        assertThat(parse(xml).notifications().get(0).fields()).containsEntry("Title", null).containsEntry("Company", null);
    }

    @Test
    void refuses_documents_with_a_dtd_so_external_entities_never_resolve() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
                <notifications xmlns="http://soap.sforce.com/2005/09/outbound"><OrganizationId>&xxe;</OrganizationId>
                </notifications></soapenv:Body></soapenv:Envelope>""";
        assertMalformed(xxe);
    }

    @Test
    void refuses_an_entity_expansion_bomb() {
        String bomb = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
                <notifications xmlns="http://soap.sforce.com/2005/09/outbound"><OrganizationId>&lol2;</OrganizationId>
                </notifications></soapenv:Body></soapenv:Envelope>""";
        assertMalformed(bomb);
    }

    @Test
    void refuses_a_broken_document_type_declaration() {
        // the JDK's parser fails on this one with an internal error instead of an XMLStreamException
        String broken = """
                <?xml version="1.0"?><!DOCTYPE e [
                !ENTITY x "yyyy">]>
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
                </soapenv:Body></soapenv:Envelope>""";
        assertMalformed(broken);
    }

    @Test
    void refuses_malformed_xml_and_other_documents() {
        assertMalformed("<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">");
        assertMalformed("<html><body/></html>");
        assertMalformed("""
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
                <notifications xmlns="urn:other"/></soapenv:Body></soapenv:Envelope>""");
        assertMalformed("");
    }

    @Test
    void refuses_more_notifications_than_the_batch_limit() {
        Map<String, Map<String, String>> notifications = new LinkedHashMap<>();
        notifications.put("n1", Map.of("Id", "00Q5e00000AAAA1AAA"));
        notifications.put("n2", Map.of("Id", "00Q5e00000AAAA2AAA"));
        byte[] body = WebhookSamples.salesforce(WebhookSamples.ORG_ID, notifications).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> SalesforceMessageParser.parse(body, 1))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(413));
    }

    private static SalesforceMessage parse(String xml) {
        return SalesforceMessageParser.parse(xml.getBytes(StandardCharsets.UTF_8), 100);
    }

    private static void assertMalformed(String xml) {
        assertThatThrownBy(() -> parse(xml)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.kind()).isEqualTo("malformed-request");
            assertThat(e.getMessage()).doesNotContain("root:");
        });
    }
}
