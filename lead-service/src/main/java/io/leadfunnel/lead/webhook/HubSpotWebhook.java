package io.leadfunnel.lead.webhook;

import io.leadfunnel.events.Actor;
import io.leadfunnel.lead.domain.ExternalRef;
import io.leadfunnel.lead.domain.LeadNotActiveException;
import io.leadfunnel.lead.domain.ProfilePatch;
import io.leadfunnel.lead.repository.DeliveryDocument;
import io.leadfunnel.lead.service.LeadChange;
import io.leadfunnel.lead.service.LeadIntake;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Applies a verified HubSpot delivery: events in the order they happened, each once. Property changes carry the
 * event's time, so changes that arrive out of order still end on the newest value of each property.
 */
@ApplicationScoped
public class HubSpotWebhook {

    static final String CHANNEL = "hubspot";
    /** Contacts erased on HubSpot's privacy request; their late or retried events must not bring data back. */
    static final String ERASED_CHANNEL = "hubspot-erased";
    private static final Actor ACTOR = Actor.system("hubspot-webhook");
    private static final Logger LOG = Logger.getLogger(HubSpotWebhook.class);

    private final LeadIntake intake;
    private final DeliveryLog deliveries;
    private final WebhookMetrics metrics;

    public HubSpotWebhook(LeadIntake intake, DeliveryLog deliveries, WebhookMetrics metrics) {
        this.intake = intake;
        this.deliveries = deliveries;
        this.metrics = metrics;
    }

    /** What one event will do, decided before anything is stored. */
    private record Step(HubSpotEvent event, Optional<ProfilePatch> patch) {
    }

    public WebhookSummary handle(List<HubSpotEvent> events) {
        List<Step> steps = events.stream()
                .sorted(Comparator.comparing(HubSpotEvent::occurredAt).thenComparing(HubSpotEvent::index))
                .map(this::plan)
                .toList();
        LinkedHashSet<String> leadIds = new LinkedHashSet<>();
        int duplicates = 0;
        for (Step step : steps) {
            Optional<DeliveryDocument> seen = deliveries.find(CHANNEL, step.event().eventId());
            if (seen.isPresent()) {
                duplicates++;
                if (seen.get().leadIds != null) {
                    leadIds.addAll(seen.get().leadIds);
                }
                continue;
            }
            List<String> touched = apply(step);
            leadIds.addAll(touched);
            deliveries.remember(CHANNEL, step.event().eventId(), touched);
        }
        metrics.duplicates(CHANNEL, duplicates);
        return new WebhookSummary(events.size(), List.copyOf(leadIds), !events.isEmpty() && duplicates == events.size());
    }

    private Step plan(HubSpotEvent event) {
        if (!event.isSupported()) {
            metrics.ignored(CHANNEL, "unsupported-type");
            return new Step(event, Optional.empty());
        }
        if (!HubSpotEvent.PROPERTY_CHANGE.equals(event.subscriptionType())) {
            return new Step(event, Optional.empty());
        }
        try {
            Optional<ProfilePatch> patch = HubSpotContactProperties.patch(event.propertyName(), event.propertyValue());
            if (patch.isEmpty()) {
                metrics.ignored(CHANNEL, "unmapped-property");
            }
            return new Step(event, patch);
        } catch (IllegalArgumentException e) {
            // HubSpot retries a refused batch as it is, so one bad value would block every other event for days
            LOG.warnf("HubSpot event %s: value of property %s skipped: %s", event.eventId(), event.propertyName(),
                    e.getMessage());
            metrics.skippedValue(CHANNEL, HubSpotContactProperties.fieldName(event.propertyName()));
            return new Step(event, Optional.empty());
        }
    }

    private List<String> apply(Step step) {
        HubSpotEvent event = step.event();
        try {
            return switch (event.subscriptionType()) {
                case HubSpotEvent.CREATION -> receive(event, ProfilePatch.empty(), true);
                case HubSpotEvent.PROPERTY_CHANGE ->
                        step.patch().map(patch -> receive(event, patch, false)).orElse(List.of());
                case HubSpotEvent.DELETION -> {
                    intake.detach(ExternalRef.hubspot(event.objectId()), event.occurredAt());
                    yield List.of();
                }
                case HubSpotEvent.PRIVACY_DELETION -> {
                    // the marker first: if erasing fails, the retry erases; later events already find the marker
                    deliveries.remember(ERASED_CHANNEL, event.objectId(), List.of());
                    intake.eraseByRef(ExternalRef.hubspot(event.objectId()), ACTOR);
                    yield List.of();
                }
                case HubSpotEvent.MERGE -> merge(event);
                default -> List.of();
            };
        } catch (LeadNotActiveException e) {
            LOG.warnf("HubSpot event %s acknowledged without effect: %s", event.eventId(), e.getMessage());
            metrics.ignored(CHANNEL, "lead-not-active");
            return List.of();
        }
    }

    /** @param creation a contact's creation, whose lead is inserted first; a property change most likely has one */
    private List<String> receive(HubSpotEvent event, ProfilePatch patch, boolean creation) {
        if (erased(event.objectId())) {
            return List.of();
        }
        LeadChange change = new LeadChange(CHANNEL, ExternalRef.hubspot(event.objectId()), event.occurredAt(), patch,
                List.of());
        return List.of((creation ? intake.capture(change, () -> { }) : intake.receive(change)).leadId());
    }

    private List<String> merge(HubSpotEvent event) {
        if (erased(event.primaryObjectId())) {
            return List.of();
        }
        List<ExternalRef> merged = new ArrayList<>();
        for (String id : event.mergedObjectIds()) {
            if (!id.equals(event.primaryObjectId())) {
                merged.add(ExternalRef.hubspot(id));
            }
        }
        return List.of(intake.merge(CHANNEL, ExternalRef.hubspot(event.primaryObjectId()), merged,
                event.occurredAt()));
    }

    private boolean erased(String objectId) {
        if (deliveries.seen(ERASED_CHANNEL, objectId)) {
            metrics.ignored(CHANNEL, "contact-erased");
            return true;
        }
        return false;
    }
}
