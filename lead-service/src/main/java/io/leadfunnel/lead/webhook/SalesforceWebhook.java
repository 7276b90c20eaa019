package io.leadfunnel.lead.webhook;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Applies the notifications of an accepted outbound message, each once. */
@ApplicationScoped
public class SalesforceWebhook {

    static final String CHANNEL = SalesforceLeadMapping.CHANNEL;

    private final DeliveryItems items;

    public SalesforceWebhook(DeliveryItems items) {
        this.items = items;
    }

    /**
     * Stores every notification not seen before ({@link DeliveryItems}: a notification's id is its key); returns when
     * all of them are durable.
     */
    public void handle(List<SalesforceLead> leads) {
        items.store(CHANNEL, leads.stream().map(lead -> new DeliveryItems.Item(lead.notificationId(), lead.change(),
                "notification " + lead.notificationId())).toList());
    }

    /** The SOAP acknowledgement Salesforce waits for; anything else makes it retry. */
    static String acknowledgement() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
                  <soapenv:Body>
                    <notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound">
                      <Ack>true</Ack>
                    </notificationsResponse>
                  </soapenv:Body>
                </soapenv:Envelope>
                """;
    }
}
