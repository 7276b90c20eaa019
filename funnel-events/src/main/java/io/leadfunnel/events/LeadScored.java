package io.leadfunnel.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A lead's fit, engagement, total or grade changed. Previous values are null for the first score of a lead.
 *
 * @param fit                fit score, 0..100
 * @param engagement         engagement score after decay, 0..100
 * @param total              the combined score the scoring model defines, 0..100
 * @param grade              fit grade, {@code A} (best) to {@code D}
 * @param modelVersion       version of the scoring model that produced the score
 * @param reasons            every rule that contributed and its points
 * @param trigger            what caused the re-score: {@code event}, {@code decay}, {@code model-change}
 */
public record LeadScored(
        UUID eventId,
        String leadId,
        Instant occurredAt,
        int schemaVersion,
        String producer,
        int fit,
        int engagement,
        int total,
        String grade,
        Integer previousFit,
        Integer previousEngagement,
        Integer previousTotal,
        String previousGrade,
        int modelVersion,
        List<ScoreReason> reasons,
        String trigger) implements ScoreEvent {

    public static final String TYPE = "LeadScored";

    public LeadScored {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
