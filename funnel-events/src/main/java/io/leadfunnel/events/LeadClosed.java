package io.leadfunnel.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A lead's deal closed, won or lost. Published together with the {@link LeadStageChanged} to the same stage.
 *
 * @param outcome    {@link Stage#WON} or {@link Stage#LOST}
 * @param amount     deal amount (won deals; may be null for lost ones)
 * @param currency   ISO 4217 currency code of {@code amount}
 * @param lossReason reason code for a lost deal, else null
 * @param owner      the owner who closed it
 * @param team       the owner's team
 */
public record LeadClosed(
        UUID eventId,
        String leadId,
        Instant occurredAt,
        int schemaVersion,
        String producer,
        Stage outcome,
        BigDecimal amount,
        String currency,
        String lossReason,
        String owner,
        String team) implements LifecycleEvent {

    public static final String TYPE = "LeadClosed";

    public LeadClosed {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (outcome != Stage.WON && outcome != Stage.LOST) {
            throw new IllegalArgumentException("outcome must be WON or LOST, was " + outcome);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
