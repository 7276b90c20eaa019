package io.leadfunnel.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The personal values of one lead's profile: the value of the lead's record on {@link Topics#LEAD_PROFILES}, a
 * compacted topic keyed by lead id. A record with a null value (a tombstone) says the lead's personal data was erased
 * (an erasure request, or a merge into another lead); once the log cleaner has run, neither the values nor, after
 * {@code delete.retention.ms}, the tombstone remain.
 *
 * <p>It travels beside the {@link LeadCaptured} or {@link LeadProfileUpdated} with the same {@link #sequence()},
 * whose profile carries everything else ({@link PersonalValues#ON_PROFILE_TOPIC}). lead-service publishes it first.
 * The topic keeps only a lead's newest record, so a consumer reading from the beginning finds the newest values,
 * with a sequence at least that of every profile event on {@link Topics#LEAD_EVENTS}.
 *
 * @param sequence     the sequence of the lead event these values belong to
 * @param externalRefs the lead's ids in the sending systems ({@link LeadCaptured#externalRefs()}): they point at the
 *                     person in a CRM, so they travel here and not on {@link Topics#LEAD_EVENTS}
 */
public record LeadPersonalData(
        String leadId,
        long sequence,
        Instant occurredAt,
        int schemaVersion,
        String producer,
        String email,
        String firstName,
        String lastName,
        String company,
        String companyDomain,
        String title,
        Map<String, String> externalRefs) {

    public LeadPersonalData {
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        externalRefs = externalRefs == null ? Map.of() : Map.copyOf(externalRefs);
    }

    /** Personal values without external references. */
    public LeadPersonalData(String leadId, long sequence, Instant occurredAt, int schemaVersion, String producer,
                            String email, String firstName, String lastName, String company, String companyDomain,
                            String title) {
        this(leadId, sequence, occurredAt, schemaVersion, producer, email, firstName, lastName, company,
                companyDomain, title, Map.of());
    }

    /** The personal values of {@code profile} and {@code externalRefs}, for the lead event with {@code sequence}. */
    public static LeadPersonalData of(String leadId, long sequence, Instant occurredAt, LeadProfile profile,
                                      Map<String, String> externalRefs) {
        return new LeadPersonalData(leadId, sequence, occurredAt, FunnelEvent.SCHEMA_VERSION, LeadEvent.PRODUCER,
                profile.email(), profile.firstName(), profile.lastName(), profile.company(), profile.companyDomain(),
                profile.title(), externalRefs);
    }
}
