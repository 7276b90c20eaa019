package io.leadfunnel.scoring.service;

import io.leadfunnel.events.LeadPersonalData;
import io.leadfunnel.runtime.consumer.LeadPoll;
import io.leadfunnel.scoring.domain.LeadScoringState;
import io.leadfunnel.scoring.domain.PersonalDataChange;
import io.leadfunnel.scoring.domain.ScoringModel;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Applies a poll of lead.profiles records ({@link ScoringBatch}: one read, one bulk write, at most one
 * {@code LeadScored} per lead) by the rules of {@link LeadScoringState#apply(LeadPersonalData)} and
 * {@link LeadScoringState#applyPersonalDataTombstone()}: older and repeated values change nothing, and after a
 * tombstone nothing brings the values back, even later in the same poll.
 * <p>
 * A lead's records come in sequence order (one key, one partition), so within a poll its changes are values for the
 * profile held, then maybe values ahead of it, then maybe the tombstone. The last change decides whether the lead is
 * scored: values ahead wait for their event, as one at a time, so the poll does not publish a score mixing them with
 * the older profile; after a tombstone nothing is published.
 */
@ApplicationScoped
public class LeadProfileBatch {

    /** The counter type of a record with personal values. */
    public static final String TYPE_PERSONAL_DATA = "LeadPersonalData";

    /** The counter type of a tombstone. */
    public static final String TYPE_TOMBSTONE = "tombstone";

    /**
     * A lead's record on lead.profiles, as read.
     *
     * @param personal its personal values; null for a tombstone (the lead's personal data was erased)
     */
    public record ProfileRecord(String leadId, LeadPersonalData personal) {

        public boolean tombstone() {
            return personal == null;
        }
    }

    private static final ScoringBatch.Rule<ProfileRecord> PROFILES = new ScoringBatch.Rule<>() {
        @Override
        public ScoringBatch.Step apply(LeadScoringState state, ProfileRecord record, ScoringModel model,
                                       Instant now) {
            PersonalDataChange change = record.tombstone() ? state.applyPersonalDataTombstone()
                    : state.apply(record.personal());
            if (!change.changed()) {
                return ScoringBatch.Step.UNCHANGED;
            }
            return change.rescores() ? ScoringBatch.Step.RESCORES : ScoringBatch.Step.STORED;
        }

        @Override
        public String type(ProfileRecord record) {
            return record.tombstone() ? TYPE_TOMBSTONE : TYPE_PERSONAL_DATA;
        }
    };

    private final ScoringBatch batch;

    public LeadProfileBatch(ScoringBatch batch) {
        this.batch = batch;
    }

    /** Applies the leads' lead.profiles records; returns what became of each and the poison among them. */
    public ScoringBatch.Applied apply(Map<String, List<LeadPoll.Entry<ProfileRecord>>> leads) {
        return batch.apply(leads, PROFILES);
    }
}
