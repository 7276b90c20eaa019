package io.leadfunnel.lead.repository;

import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadActivityRecorded;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadPersonalData;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadProfileUpdated;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.Stage;
import io.leadfunnel.events.Topics;
import io.leadfunnel.lead.domain.FunnelDecisions;
import io.leadfunnel.lead.domain.Lead;
import io.leadfunnel.lead.domain.LeadState;
import io.leadfunnel.lead.domain.Merges;
import io.leadfunnel.lead.domain.PendingMerge;
import io.leadfunnel.lead.domain.ProfileField;
import io.leadfunnel.lead.domain.ProfileFields;
import io.leadfunnel.lead.domain.ReportedProfile;
import io.leadfunnel.lead.domain.Score;
import io.leadfunnel.lead.domain.TimelineEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Maps the lead aggregate to its MongoDB document and back. */
final class LeadDocumentMapper {

    /** The type header of a record on {@code lead.profiles}. */
    static final String PERSONAL_DATA_TYPE = "LeadPersonalData";
    /** Appended to an event's id for the outbox entry of its personal values, so the two are cleared apart. */
    private static final String PERSONAL_DATA_SUFFIX = "/personal";

    private LeadDocumentMapper() {
    }

    static LeadDocument toDocument(Lead lead, long version, Instant now) {
        LeadState state = lead.state();
        LeadDocument d = new LeadDocument();
        d.id = state.id();
        d.version = version;
        d.sequence = state.sequence();
        d.createdAt = state.createdAt();
        d.updatedAt = state.updatedAt();
        d.channel = state.channel();
        LeadProfile profile = state.profile().toProfile();
        d.profile = toProfileDocument(profile);
        d.email = profile.email();
        d.fieldTimes = fieldTimes(state.profile().times());
        d.refs = nullIfEmpty(state.refs());
        FunnelDecisions decisions = state.decisions();
        d.stage = decisions.stage().name();
        d.stageAt = decisions.stageAt();
        d.owner = decisions.owner();
        d.team = decisions.team();
        d.score = toScoreDocument(decisions.score());
        d.appliedEventIds = nullIfEmpty(decisions.appliedEventIds());
        d.lifecycleAt = decisions.lifecycleAt();
        Merges merges = state.merges();
        d.mergedInto = merges.mergedInto();
        d.pendingMerge = toPendingMergeDocument(merges.pending());
        d.mergedLeadIds = nullIfEmpty(merges.mergedLeadIds());
        d.erasedAt = state.erasedAt();
        d.timeline = state.timeline().stream().map(LeadDocumentMapper::toTimelineDocument).toList();
        d.activityIds = nullIfEmpty(state.activityIds());
        d.searchText = searchText(profile);
        List<LeadDocument.OutboxEntry> outbox = new ArrayList<>();
        for (LeadEvent event : lead.pendingEvents()) {
            outbox.addAll(toOutboxEntries(event, state.refsBySystem(), now));
        }
        d.outbox = outbox;
        d.outboxPending = outbox.isEmpty() ? null : Boolean.TRUE;
        return d;
    }

    static Lead toLead(LeadDocument d) {
        Map<ProfileField, Instant> times = new EnumMap<>(ProfileField.class);
        if (d.fieldTimes != null) {
            d.fieldTimes.forEach((name, at) -> ProfileField.byJsonName(name).ifPresent(f -> times.put(f, at)));
        }
        ReportedProfile profile = new ReportedProfile(ProfileFields.toMap(toProfile(d.profile)), times);
        Score score = d.score == null ? null
                : new Score(d.score.fit, d.score.engagement, d.score.total, d.score.grade, d.score.modelVersion,
                d.score.at);
        FunnelDecisions decisions = new FunnelDecisions(d.stage == null ? Stage.LEAD : Stage.valueOf(d.stage),
                d.stageAt, d.owner, d.team, score, d.lifecycleAt, d.appliedEventIds);
        PendingMerge pending = d.pendingMerge == null ? null
                : new PendingMerge(d.pendingMerge.survivorId, toProfile(d.pendingMerge.profile),
                d.pendingMerge.fieldTimes, d.pendingMerge.refs, d.pendingMerge.at);
        List<TimelineEntry> timeline = d.timeline == null ? List.of()
                : d.timeline.stream().map(t -> new TimelineEntry(t.at, t.kind, t.summary, t.eventId, t.data)).toList();
        return new Lead(new LeadState(d.id, d.version, d.sequence, d.createdAt, d.updatedAt, d.channel, profile,
                d.refs, decisions, new Merges(d.mergedInto, pending, d.mergedLeadIds), d.erasedAt, timeline,
                d.activityIds));
    }

    static LeadDocument.ScoreDocument toScoreDocument(Score s) {
        if (s == null) {
            return null;
        }
        LeadDocument.ScoreDocument d = new LeadDocument.ScoreDocument();
        d.fit = s.fit();
        d.engagement = s.engagement();
        d.total = s.total();
        d.grade = s.grade();
        d.modelVersion = s.modelVersion();
        d.at = s.at();
        return d;
    }

    private static LeadDocument.PendingMergeDocument toPendingMergeDocument(PendingMerge m) {
        if (m == null) {
            return null;
        }
        LeadDocument.PendingMergeDocument d = new LeadDocument.PendingMergeDocument();
        d.survivorId = m.survivorId();
        d.profile = toProfileDocument(m.profile());
        d.fieldTimes = new LinkedHashMap<>(m.fieldTimes());
        d.refs = new ArrayList<>(m.refs());
        d.at = m.at();
        return d;
    }

    /**
     * The outbox entries that publish {@code event}. No personal value goes to the retained {@code lead.events}: a
     * captured lead or profile change is preceded by its personal values on the compacted {@code lead.profiles}
     * (the relay sends a lead's entries in order, each once the one before was acknowledged), an activity goes
     * without the sender's detail, and an erasure is followed by the tombstone that removes the personal values
     * from {@code lead.profiles} once the log cleaner has run.
     *
     * @param refs the lead's external references now, which the personal values carry
     */
    static List<LeadDocument.OutboxEntry> toOutboxEntries(LeadEvent event, Map<String, String> refs, Instant now) {
        if (event instanceof LeadCaptured captured) {
            return List.of(personalEntry(event, FunnelJson.writePersonalData(captured.personalData()), now),
                    entry(captured.withoutPersonalValues(), now));
        }
        if (event instanceof LeadProfileUpdated updated) {
            LeadPersonalData personal = LeadPersonalData.of(updated.leadId(), updated.sequence(),
                    updated.occurredAt(), updated.profile(), refs);
            return List.of(personalEntry(event, FunnelJson.writePersonalData(personal), now),
                    entry(updated.withoutPersonalValues(), now));
        }
        if (event instanceof LeadActivityRecorded activity) {
            return List.of(entry(activity.withoutDetail(), now));
        }
        return List.of(entry(event, now), personalEntry(event, null, now));
    }

    private static LeadDocument.OutboxEntry entry(LeadEvent event, Instant now) {
        LeadDocument.OutboxEntry entry = new LeadDocument.OutboxEntry();
        entry.eventId = event.eventId().toString();
        entry.type = event.type();
        entry.sequence = event.sequence();
        entry.payload = FunnelJson.write(event);
        entry.createdAt = now;
        return entry;
    }

    /** The lead's personal values for {@code lead.profiles}; a null payload is the tombstone. */
    private static LeadDocument.OutboxEntry personalEntry(LeadEvent event, String payload, Instant now) {
        LeadDocument.OutboxEntry entry = new LeadDocument.OutboxEntry();
        entry.eventId = event.eventId() + PERSONAL_DATA_SUFFIX;
        entry.type = PERSONAL_DATA_TYPE;
        entry.sequence = event.sequence();
        entry.topic = Topics.LEAD_PROFILES;
        entry.payload = payload;
        entry.createdAt = now;
        return entry;
    }

    static LeadDocument.ProfileDocument toProfileDocument(LeadProfile p) {
        LeadDocument.ProfileDocument d = new LeadDocument.ProfileDocument();
        d.email = p.email();
        d.firstName = p.firstName();
        d.lastName = p.lastName();
        d.company = p.company();
        d.companyDomain = p.companyDomain();
        d.title = p.title();
        d.country = p.country();
        d.industry = p.industry();
        d.companySize = p.companySize();
        d.source = p.source() == null ? null : p.source().name();
        d.sourceDetail = p.sourceDetail();
        d.campaign = p.campaign();
        d.origin = p.origin() == null ? null : p.origin().name();
        return d;
    }

    static LeadProfile toProfile(LeadDocument.ProfileDocument d) {
        if (d == null) {
            return LeadProfile.empty();
        }
        return new LeadProfile(d.email, d.firstName, d.lastName, d.company, d.companyDomain, d.title, d.country,
                d.industry, d.companySize, d.source == null ? null : LeadSource.valueOf(d.source), d.sourceDetail,
                d.campaign, d.origin == null ? null : LeadOrigin.valueOf(d.origin));
    }

    static LeadDocument.TimelineDocument toTimelineDocument(TimelineEntry e) {
        LeadDocument.TimelineDocument t = new LeadDocument.TimelineDocument();
        t.at = e.at();
        t.kind = e.kind();
        t.summary = e.summary();
        t.eventId = e.eventId();
        t.data = e.data().isEmpty() ? null : new LinkedHashMap<>(e.data());
        return t;
    }

    private static Map<String, Instant> fieldTimes(Map<ProfileField, Instant> times) {
        Map<String, Instant> map = new LinkedHashMap<>();
        times.forEach((f, at) -> map.put(f.jsonName(), at));
        return map;
    }

    private static String searchText(LeadProfile p) {
        StringBuilder text = new StringBuilder();
        for (String part : new String[]{p.firstName(), p.lastName(), p.email(), p.company()}) {
            if (part != null) {
                text.append(part.toLowerCase(Locale.ROOT)).append(' ');
            }
        }
        return text.isEmpty() ? null : text.toString().trim();
    }

    private static <T> List<T> nullIfEmpty(List<T> list) {
        return list == null || list.isEmpty() ? null : new ArrayList<>(list);
    }
}
