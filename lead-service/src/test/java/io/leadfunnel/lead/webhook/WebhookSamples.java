package io.leadfunnel.lead.webhook;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Request bodies as the senders write them, for the parser and end-to-end tests. */
final class WebhookSamples {

    static final String ORG_ID = io.leadfunnel.lead.LeadServiceTestProfile.SALESFORCE_ORG_ID;

    private WebhookSamples() {
    }

    static String hubspotCreation(long eventId, long objectId, long occurredAt) {
        return """
                {"eventId":%d,"subscriptionId":2881778,"portalId":62515,"appId":54321,"occurredAt":%d,\
                "subscriptionType":"contact.creation","attemptNumber":0,"objectId":%d,"changeSource":"CRM",\
                "changeFlag":"NEW"}""".formatted(eventId, occurredAt, objectId);
    }

    static String hubspotChange(long eventId, long objectId, long occurredAt, String property, String value) {
        return """
                {"eventId":%d,"subscriptionId":2881779,"portalId":62515,"appId":54321,"occurredAt":%d,\
                "subscriptionType":"contact.propertyChange","attemptNumber":0,"objectId":%d,\
                "propertyName":"%s","propertyValue":"%s","changeSource":"CRM"}"""
                .formatted(eventId, occurredAt, objectId, property, value);
    }

    static String array(List<String> items) {
        return "[" + String.join(",", items) + "]";
    }

    /** An outbound message of Lead notifications: notification id → sObject fields. */
    static String salesforce(String orgId, Map<String, Map<String, String>> notifications) {
        String body = notifications.entrySet().stream().map(n -> """
                   <Notification>
                    <Id>%s</Id>
                    <sObject xsi:type="sf:Lead" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">
                %s
                    </sObject>
                   </Notification>
                """.formatted(n.getKey(), n.getValue().entrySet().stream()
                .map(f -> "     <sf:" + f.getKey() + ">" + f.getValue() + "</sf:" + f.getKey() + ">")
                .collect(Collectors.joining("\n")))).collect(Collectors.joining());
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
                    xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                 <soapenv:Body>
                  <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
                   <OrganizationId>%s</OrganizationId>
                   <ActionId>04k5e000000TestAAA</ActionId>
                   <SessionId xsi:nil="true"/>
                   <EnterpriseUrl>https://example.my.salesforce.com/services/Soap/c/59.0/00D5e000000Test</EnterpriseUrl>
                   <PartnerUrl>https://example.my.salesforce.com/services/Soap/u/59.0/00D5e000000Test</PartnerUrl>
                %s  </notifications>
                 </soapenv:Body>
                </soapenv:Envelope>
                """.formatted(orgId, body);
    }
}
