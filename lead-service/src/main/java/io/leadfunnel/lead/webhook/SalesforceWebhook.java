package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.domain.LeadNotActiveException;
import io.leadfunnel.lead.repository.DeliveryDocument;
import io.leadfunnel.lead.service.IntakeResult;
import io.leadfunnel.lead.service.LeadIntake;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /**
     * Stores every notification not seen before; returns when all of them are durable. The message's processed
     * notifications are looked up at once and its certainly-new leads captured with one write
     * ({@link LeadIntake#captureNew}); the rest go through {@link LeadIntake#receive} one by one in message order. A
     * message that repeats a notification id is handled notification by notification.
     */
    public void handle(List<SalesforceLead> leads) {
        Set<String> ids = new HashSet<>();
        for (SalesforceLead lead : leads) {
            if (!ids.add(lead.notificationId())) {
                handleOneByOne(leads);
                return;
            }
        }
        Map<String, DeliveryDocument> seen = deliveries.findAll(CHANNEL, ids);
        List<Integer> unseen = new ArrayList<>();
        for (int i = 0; i < leads.size(); i++) {
            if (!seen.containsKey(leads.get(i).notificationId())) {
                unseen.add(i);
            }
        }
        Map<Integer, IntakeResult> captured = new HashMap<>();
        intake.captureNew(unseen.stream().map(i -> leads.get(i).change()).toList())
                .forEach((k, result) -> captured.put(unseen.get(k), result));
        List<DeliveryDocument> records = new ArrayList<>();
        for (int i : unseen) {
            SalesforceLead lead = leads.get(i);
            List<String> touched = captured.containsKey(i) ? List.of(captured.get(i).leadId()) : receive(lead);
            records.add(deliveries.record(CHANNEL, lead.notificationId(), touched));
        }
        deliveries.rememberAll(records);
        metrics.duplicates(CHANNEL, leads.size() - unseen.size());
    }

    private List<String> receive(SalesforceLead lead) {
        try {
            return List.of(intake.receive(lead.change()).leadId());
        } catch (LeadNotActiveException e) {
            LOG.warnf("Salesforce notification %s acknowledged without effect: %s", lead.notificationId(),
                    e.getMessage());
            metrics.ignored(CHANNEL, "lead-not-active");
            return List.of();
        }
    }

    /** Notification by notification, each recorded before the next is looked up. */
    private void handleOneByOne(List<SalesforceLead> leads) {
        int duplicates = 0;
        for (SalesforceLead lead : leads) {
            if (deliveries.seen(CHANNEL, lead.notificationId())) {
                duplicates++;
                continue;
            }
            deliveries.remember(CHANNEL, lead.notificationId(), receive(lead));
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
