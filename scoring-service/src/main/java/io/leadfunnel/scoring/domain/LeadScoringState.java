package io.leadfunnel.scoring.domain;

import io.leadfunnel.events.EventIds;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.LeadActivityRecorded;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadErased;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LeadPersonalData;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadProfileUpdated;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.PersonalValues;
import io.leadfunnel.events.ScoreEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What scoring knows about one lead: the profile attributes the model reads, the activities inside the horizon, the
 * last published score and when decay will next change it.
 * <p>
 * Idempotent: an event id seen before changes nothing; a profile older (by sequence) than the one held is ignored;
 * an activity already held (same activity id) is not counted twice; activities are kept ordered by
 * {@code occurredAt} whatever order they arrive in. Once erased, the state is a tombstone without personal data and
 * later events for the lead are ignored, so a late event cannot bring the data back.
 * <p>
 * <b>Personal values and the gate.</b> The personal attributes (title, company domain, e-mail domain) and the others
 * are held each with the sequence of the lead event they belong to. The others come from {@code LeadCaptured} and
 * {@code LeadProfileUpdated}; the personal ones from the lead's record on lead.profiles ({@link LeadPersonalData}),
 * taken when its sequence is at least the one held (equal: the same values again), or from an event of
 * {@link PersonalValues#INLINE} that brings both parts, as events did before the personal values moved. The two
 * topics are read side by side, in either order, and compaction may leave a record newer than the event being
 * applied. The gate: while the newest profile event is {@link PersonalValues#ON_PROFILE_TOPIC} with sequence
 * {@code s} and no personal values with a sequence of at least {@code s} are held, the lead is not scored (no
 * {@link LeadScored}, no decay, no re-scoring under a new model); activities arriving meanwhile are kept and count
 * once the values arrive, which scores the lead. A record ahead of every profile event held is stored but scored
 * only with its event, so a new lead is not scored on its personal values alone and then again. A tombstone on
 * lead.profiles drops the personal attributes and closes the gate: the lead is being erased, and its
 * {@link LeadErased} does the rest.
 */
public final class LeadScoringState {

    /** How many event ids are remembered for deduplication; older duplicates are still caught by sequence or id. */
    static final int REMEMBERED_EVENT_IDS = 500;

    public static final String TRIGGER_EVENT = "event";
    public static final String TRIGGER_DECAY = "decay";
    public static final String TRIGGER_MODEL_CHANGE = "model-change";

    private final String leadId;
    private final long version;
    private ScoringProfile profile;
    private long profileSequence;
    private long personalSequence;
    private boolean personalDataErased;
    private final List<Activity> activities;
    private final LinkedHashSet<String> appliedEventIds;
    private Score score;
    private Instant scoredAt;
    private Instant nextEvaluationAt;
    private Instant erasedAt;
    private final List<LeadScored> newEvents = new ArrayList<>();

    private LeadScoringState(String leadId, long version, ScoringProfile profile, long profileSequence,
                             long personalSequence, boolean personalDataErased, List<Activity> activities,
                             List<String> appliedEventIds, Score score, Instant scoredAt, Instant nextEvaluationAt,
                             Instant erasedAt) {
        this.leadId = Objects.requireNonNull(leadId, "leadId");
        this.version = version;
        this.profile = profile == null ? ScoringProfile.EMPTY : profile;
        this.profileSequence = profileSequence;
        this.personalSequence = personalSequence;
        this.personalDataErased = personalDataErased;
        this.activities = new ArrayList<>(activities == null ? List.of() : activities);
        this.activities.sort(Comparator.comparing(Activity::occurredAt));
        this.appliedEventIds = new LinkedHashSet<>(appliedEventIds == null ? List.of() : appliedEventIds);
        this.score = score;
        this.scoredAt = scoredAt;
        this.nextEvaluationAt = nextEvaluationAt;
        this.erasedAt = erasedAt;
    }

    /** A lead scoring has not seen before. */
    public static LeadScoringState create(String leadId) {
        return new LeadScoringState(leadId, 0, null, 0, 0, false, List.of(), List.of(), null, null, null, null);
    }

    /**
     * A lead as stored, at the given stored version.
     *
     * @param personalSequence   sequence of the lead event the personal attributes belong to
     * @param personalDataErased whether a tombstone on lead.profiles dropped them
     */
    public static LeadScoringState restore(String leadId, long version, ScoringProfile profile, long profileSequence,
                                           long personalSequence, boolean personalDataErased,
                                           List<Activity> activities, List<String> appliedEventIds, Score score,
                                           Instant scoredAt, Instant nextEvaluationAt, Instant erasedAt) {
        return new LeadScoringState(leadId, version, profile, profileSequence, personalSequence, personalDataErased,
                activities, appliedEventIds, score, scoredAt, nextEvaluationAt, erasedAt);
    }

    /**
     * A lead as stored before the personal values moved to lead.profiles: its personal attributes came with its
     * profile, so they are as recent as the profile.
     */
    public static LeadScoringState restore(String leadId, long version, ScoringProfile profile, long profileSequence,
                                           List<Activity> activities, List<String> appliedEventIds, Score score,
                                           Instant scoredAt, Instant nextEvaluationAt, Instant erasedAt) {
        return restore(leadId, version, profile, profileSequence, profileSequence, false, activities,
                appliedEventIds, score, scoredAt, nextEvaluationAt, erasedAt);
    }

    /** A copy of this state, events produced so far included: to apply records again from the same start. */
    public LeadScoringState copy() {
        LeadScoringState copy = new LeadScoringState(leadId, version, profile, profileSequence, personalSequence,
                personalDataErased, activities, List.copyOf(appliedEventIds), score, scoredAt, nextEvaluationAt,
                erasedAt);
        copy.newEvents.addAll(newEvents);
        return copy;
    }

    /**
     * Takes in one lead event.
     *
     * @return whether the state changed (false for duplicates, stale profiles and events of an erased lead)
     */
    public boolean apply(LeadEvent event, ScoringModel model, Instant now) {
        String eventId = event.eventId().toString();
        if (erasedAt != null || appliedEventIds.contains(eventId)) {
            return false;
        }
        if (event instanceof LeadErased) {
            erase(event.occurredAt());
        } else if (event instanceof LeadCaptured captured) {
            takeProfile(captured.sequence(), captured.profile(), captured.personalValues());
        } else if (event instanceof LeadProfileUpdated updated) {
            takeProfile(updated.sequence(), updated.profile(), updated.personalValues());
        } else if (event instanceof LeadActivityRecorded recorded) {
            Activity activity = new Activity(recorded.activityId(), eventId, recorded.activityType(),
                    recorded.occurredAt());
            boolean known = activities.stream().anyMatch(a -> a.key().equals(activity.key()));
            boolean inHorizon = activity.occurredAt().isAfter(now.minus(model.horizon()));
            if (!known && inHorizon) {
                activities.add(activity);
                activities.sort(Comparator.comparing(Activity::occurredAt));
            }
        }
        remember(eventId);
        return true;
    }

    /**
     * Takes in the lead's record on lead.profiles: its personal values, for the lead event with its sequence.
     *
     * @return what changed, and whether the lead is to be scored again
     */
    public PersonalDataChange apply(LeadPersonalData personal) {
        // after a tombstone the lead is being erased: a record behind it (or replayed) must not score it again
        if (erasedAt != null || personalDataErased || personal.sequence() < personalSequence) {
            return PersonalDataChange.NONE;
        }
        ScoringProfile values = ScoringProfile.personalOf(personal);
        if (personal.sequence() == personalSequence && profile.samePersonalAttributesAs(values)) {
            return PersonalDataChange.NONE;
        }
        boolean wasAwaiting = awaitingPersonalData();
        profile = profile.withPersonalAttributesOf(values);
        personalSequence = personal.sequence();
        return !wasAwaiting && personalSequence > profileSequence ? PersonalDataChange.AHEAD
                : PersonalDataChange.CURRENT;
    }

    /**
     * Takes in the tombstone of the lead's record on lead.profiles: the personal attributes are dropped and the lead
     * is not scored again (its erasure follows on lead.events). The published score stays until then: its reasons
     * quote no personal value.
     */
    public PersonalDataChange applyPersonalDataTombstone() {
        if (erasedAt != null || personalDataErased) {
            return PersonalDataChange.NONE;
        }
        profile = profile.withoutPersonalAttributes();
        personalDataErased = true;
        nextEvaluationAt = null;
        return PersonalDataChange.ERASED;
    }

    /**
     * Whether scoring waits for the lead's personal values: its newest profile event left them on lead.profiles and
     * none as recent are held, or a tombstone dropped them. Nothing is published meanwhile.
     */
    public boolean awaitingPersonalData() {
        return erasedAt == null && (personalDataErased || personalSequence < profileSequence);
    }

    /**
     * Scores the lead under {@code model} at {@code now}, schedules the next decay evaluation, and records a
     * {@link LeadScored} when a published value changed. Nothing while the lead awaits its personal values.
     *
     * @param decayStep engagement points decay must remove before the lead is evaluated again
     * @return the new event, if any
     */
    public Optional<LeadScored> rescore(ScoringModel model, Instant now, String trigger, int decayStep) {
        if (erasedAt != null) {
            return Optional.empty();
        }
        Instant horizonStart = now.minus(model.horizon());
        activities.removeIf(a -> !a.occurredAt().isAfter(horizonStart));
        if (awaitingPersonalData()) {
            // scored again once the values arrive; until then decay has nothing to publish either
            nextEvaluationAt = null;
            return Optional.empty();
        }
        Score next = ScoreCalculator.score(model, profile, activities, now);
        nextEvaluationAt = DecaySchedule.nextEvaluation(model, activities, next, now, decayStep).orElse(null);
        Score previous = score;
        score = next;
        if (!next.differsFrom(previous)) {
            return Optional.empty();
        }
        scoredAt = now;
        LeadScored event = new LeadScored(EventIds.next(), leadId, now, FunnelEvent.SCHEMA_VERSION,
                ScoreEvent.PRODUCER, next.fit(), next.engagement(), next.total(), next.grade(),
                previous == null ? null : previous.fit(), previous == null ? null : previous.engagement(),
                previous == null ? null : previous.total(), previous == null ? null : previous.grade(),
                model.version(), next.reasons(), trigger);
        newEvents.add(event);
        return Optional.of(event);
    }

    private void takeProfile(long sequence, LeadProfile newer, PersonalValues personalValues) {
        if (sequence <= profileSequence) {
            return;
        }
        ScoringProfile attributes = ScoringProfile.from(newer);
        profileSequence = sequence;
        // an inline event brings its personal values too, unless newer ones are held or the lead's were erased
        if (personalValues == PersonalValues.INLINE && !personalDataErased && sequence >= personalSequence) {
            profile = attributes;
            personalSequence = sequence;
        } else {
            profile = attributes.withPersonalAttributesOf(profile);
        }
    }

    /** Drops everything personal: profile attributes, activities, scores and their reasons. Keeps a tombstone. */
    private void erase(Instant at) {
        profile = ScoringProfile.EMPTY;
        activities.clear();
        score = null;
        scoredAt = null;
        nextEvaluationAt = null;
        erasedAt = at;
    }

    private void remember(String eventId) {
        appliedEventIds.add(eventId);
        while (appliedEventIds.size() > REMEMBERED_EVENT_IDS) {
            appliedEventIds.remove(appliedEventIds.iterator().next());
        }
    }

    public String leadId() {
        return leadId;
    }

    /** The stored version this state was read at (0 when new). */
    public long version() {
        return version;
    }

    public ScoringProfile profile() {
        return profile;
    }

    /** Sequence of the lead event the non-personal attributes came from. */
    public long profileSequence() {
        return profileSequence;
    }

    /** Sequence of the lead event the personal attributes belong to. */
    public long personalSequence() {
        return personalSequence;
    }

    /** Whether a tombstone on lead.profiles dropped the personal attributes. */
    public boolean personalDataErased() {
        return personalDataErased;
    }

    public List<Activity> activities() {
        return List.copyOf(activities);
    }

    public List<String> appliedEventIds() {
        return List.copyOf(appliedEventIds);
    }

    public Optional<Score> score() {
        return Optional.ofNullable(score);
    }

    public Instant scoredAt() {
        return scoredAt;
    }

    public Instant nextEvaluationAt() {
        return nextEvaluationAt;
    }

    public Instant erasedAt() {
        return erasedAt;
    }

    public boolean erased() {
        return erasedAt != null;
    }

    /** Events produced since the state was read, to be stored in the outbox with it. */
    public List<LeadScored> newEvents() {
        return List.copyOf(newEvents);
    }
}
