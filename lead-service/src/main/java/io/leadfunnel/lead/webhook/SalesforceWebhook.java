package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.domain.LeadNotActiveException;
import io.leadfunnel.lead.service.LeadIntake;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/** Applies the notifications of an accepted outbound message, each once. */
@ApplicationScoped
public class SalesforceWebhook {

    static final String CHANNEL = SalesforceLeadMapping.CHANNEL;
    private static final Logger LOG = Logger.getLogger(SalesforceWebhook.class);

    private final LeadIntake intake;
    private final DeliveryLog deliveries;
    private final WebhookMetrics metrics;

    public SalesforceWebhook(LeadIntake intake, DeliveryLog deliveries, WebhookMetrics metrics) {
        this.intake = intake;
        this.deliveries = deliveries;
        this.metrics = metrics;
    }

    /** Stores every notification not seen before; returns when all of them are durable. */
    public void handle(List<SalesforceLead> leads) {
        int duplicates = 0;
        for (SalesforceLead lead : leads) {
            if (deliveries.seen(CHANNEL, lead.notificationId())) {
                duplicates++;
                continue;
            }
            List<String> touched;
            try {
                touched = List.of(intake.receive(lead.change()).leadId());
            } catch (LeadNotActiveException e) {
                LOG.warnf("Salesforce notification %s acknowledged without effect: %s", lead.notificationId(),
                        e.getMessage());
                metrics.ignored(CHANNEL, "lead-not-active");
                touched = List.of();
            }
            deliveries.remember(CHANNEL, lead.notificationId(), touched);
        }
        metrics.duplicates(CHANNEL, duplicates);
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
