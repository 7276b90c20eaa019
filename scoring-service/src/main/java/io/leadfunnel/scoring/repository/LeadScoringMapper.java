package io.leadfunnel.scoring.repository;

import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.ScoreReason;
import io.leadfunnel.scoring.domain.Activity;
import io.leadfunnel.scoring.domain.LeadScoringState;
import io.leadfunnel.scoring.domain.Score;
import io.leadfunnel.scoring.domain.ScoringProfile;

import java.time.Instant;
import java.util.List;

/** Converts between the scoring state of the domain and its MongoDB document. */
public final class LeadScoringMapper {

    private LeadScoringMapper() {
    }

    public static LeadScoringState toState(LeadScoringDocument doc) {
        LeadScoringDocument.ProfileDocument p = doc.profile;
        ScoringProfile profile = p == null ? ScoringProfile.EMPTY : new ScoringProfile(p.title, p.industry,
                p.country, p.companySize, p.companyDomain, p.emailDomain);
        List<Activity> activities = doc.activities == null ? List.of() : doc.activities.stream()
                .map(a -> new Activity(a.activityId, a.eventId, ActivityType.valueOf(a.type), a.occurredAt))
                .toList();
        long personalSequence = doc.personalSequence == null ? doc.profileSequence : doc.personalSequence;
        return LeadScoringState.restore(doc.id, doc.version, profile, doc.profileSequence, personalSequence,
                Boolean.TRUE.equals(doc.personalDataErased), activities, doc.appliedEventIds, toScore(doc.score),
                doc.score == null ? null : doc.score.at, doc.nextEvaluationAt, doc.erasedAt);
    }

    public static Score toScore(LeadScoringDocument.ScoreDocument s) {
        if (s == null) {
            return null;
        }
        List<ScoreReason> reasons = s.reasons == null ? List.of() : s.reasons.stream()
                .map(r -> new ScoreReason(ScoreReason.Kind.valueOf(r.kind), r.rule, r.points, r.detail)).toList();
        return new Score(s.fit, s.engagement, s.total, s.grade, s.modelVersion, reasons, s.rawEngagement);
    }

    /** The document of a state, stored at {@code version}, with the state's new events as its outbox. */
    public static LeadScoringDocument toDocument(LeadScoringState state, long version, Instant now) {
        LeadScoringDocument doc = new LeadScoringDocument();
        doc.id = state.leadId();
        doc.version = version;
        doc.updatedAt = now;
        doc.erasedAt = state.erasedAt();
        doc.profileSequence = state.profileSequence();
        doc.appliedEventIds = state.appliedEventIds();
        doc.nextEvaluationAt = state.nextEvaluationAt();
        if (!state.erased()) {
            doc.personalSequence = state.personalSequence();
            doc.personalDataErased = state.personalDataErased() ? Boolean.TRUE : null;
            doc.awaitingPersonalData = state.awaitingPersonalData() ? Boolean.TRUE : null;
            ScoringProfile p = state.profile();
            LeadScoringDocument.ProfileDocument profile = new LeadScoringDocument.ProfileDocument();
            profile.title = p.title();
            profile.industry = p.industry();
            profile.country = p.country();
            profile.companySize = p.companySize();
            profile.companyDomain = p.companyDomain();
            profile.emailDomain = p.emailDomain();
            doc.profile = profile;
            doc.activities = state.activities().stream().map(a -> {
                LeadScoringDocument.ActivityDocument activity = new LeadScoringDocument.ActivityDocument();
                activity.activityId = a.activityId();
                activity.eventId = a.eventId();
                activity.type = a.type().name();
                activity.occurredAt = a.occurredAt();
                return activity;
            }).toList();
        }
        state.score().ifPresent(score -> {
            doc.score = toDocument(score, state.scoredAt());
            doc.modelVersion = score.modelVersion();
        });
        doc.outbox = state.newEvents().stream().map(e -> outboxEntry(e, now)).toList();
        return doc;
    }

    private static LeadScoringDocument.ScoreDocument toDocument(Score score, Instant at) {
        LeadScoringDocument.ScoreDocument s = new LeadScoringDocument.ScoreDocument();
        s.fit = score.fit();
        s.engagement = score.engagement();
        s.total = score.total();
        s.grade = score.grade();
        s.modelVersion = score.modelVersion();
        s.rawEngagement = score.rawEngagement();
        s.at = at;
        s.reasons = score.reasons().stream().map(r -> {
            LeadScoringDocument.ReasonDocument reason = new LeadScoringDocument.ReasonDocument();
            reason.kind = r.kind().name();
            reason.rule = r.rule();
            reason.points = r.points();
            reason.detail = r.detail();
            return reason;
        }).toList();
        return s;
    }

    private static LeadScoringDocument.OutboxEntry outboxEntry(LeadScored event, Instant now) {
        LeadScoringDocument.OutboxEntry entry = new LeadScoringDocument.OutboxEntry();
        entry.eventId = event.eventId().toString();
        entry.type = event.type();
        entry.payload = FunnelJson.write(event);
        entry.createdAt = now;
        return entry;
    }
}
