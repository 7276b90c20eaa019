package io.leadfunnel.metrics.repository;

import io.leadfunnel.events.IsoInstants;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.domain.Closure;
import io.leadfunnel.metrics.domain.Handoff;
import io.leadfunnel.metrics.domain.LeadRecord;
import io.leadfunnel.metrics.domain.SlaBreach;
import io.leadfunnel.metrics.domain.StageEntry;
import org.bson.Document;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A lead's {@link LeadRecord} as the {@code record} field of its document. Instants and amounts are stored as text,
 * which keeps them exact (nanoseconds, the amount's scale); absent values are left out.
 */
final class RecordDocument {

    static final String FIELD = "record";

    private RecordDocument() {
    }

    static Document encode(LeadRecord r) {
        Document d = new Document();
        put(d, "capturedAt", r.capturedAt());
        if (r.profile() != null) {
            LeadRecord.Profile p = r.profile();
            LeadProfile values = p.profile();
            Document profile = new Document("sequence", p.sequence());
            put(profile, "at", p.at());
            put(profile, "eventId", p.eventId());
            put(profile, "country", values.country());
            put(profile, "industry", values.industry());
            put(profile, "companySize", values.companySize());
            put(profile, "source", values.source());
            put(profile, "sourceDetail", values.sourceDetail());
            put(profile, "campaign", values.campaign());
            put(profile, "origin", values.origin());
            d.append("profile", profile);
        }
        if (r.score() != null) {
            LeadRecord.Score s = r.score();
            Document score = new Document();
            put(score, "at", s.at());
            put(score, "eventId", s.eventId());
            score.append("total", s.total());
            put(score, "grade", s.grade());
            d.append("score", score);
        }
        mark(d, "merge", r.merge());
        mark(d, "erasure", r.erasure());
        d.append("entries", r.entries().stream().map(RecordDocument::entry).toList());
        d.append("assignments", r.assignments().stream().map(RecordDocument::assignment).toList());
        d.append("breaches", r.breaches().stream().map(RecordDocument::breach).toList());
        d.append("closes", r.closes().stream().map(RecordDocument::close).toList());
        return d;
    }

    static LeadRecord decode(String leadId, Document d) {
        Document p = d.get("profile", Document.class);
        LeadRecord.Profile profile = p == null ? null : new LeadRecord.Profile(
                p.get("sequence", Number.class).longValue(), instant(p, "at"), p.getString("eventId"),
                new LeadProfile(null, null, null, null, null, null, p.getString("country"), p.getString("industry"),
                        p.getInteger("companySize"), text(p, "source", LeadSource::valueOf),
                        p.getString("sourceDetail"), p.getString("campaign"), text(p, "origin", LeadOrigin::valueOf)));
        Document s = d.get("score", Document.class);
        LeadRecord.Score score = s == null ? null
                : new LeadRecord.Score(instant(s, "at"), s.getString("eventId"), s.getInteger("total"),
                        s.getString("grade"));
        return LeadRecord.of(leadId, instant(d, "capturedAt"), profile, score, mark(d, "merge"),
                mark(d, "erasure"),
                list(d, "entries", e -> new StageEntry(stage(e, "stage"), instant(e, "at"), stage(e, "from"),
                        e.getString("reasonCode"), e.getString("owner"), e.getString("team"),
                        e.getInteger("definitionVersion"), e.getBoolean("manual", false), e.getString("eventId"))),
                list(d, "assignments", a -> new LeadRecord.Assignment(a.getString("eventId"),
                        new Handoff(a.getString("handoffId"), instant(a, "at"), a.getString("owner"),
                                a.getString("team"), instant(a, "acceptDueAt")), a.getInteger("definitionVersion"))),
                list(d, "breaches", b -> new LeadRecord.Breach(b.getString("eventId"),
                        new SlaBreach(b.getString("handoffId"), b.getString("sla"), b.getString("owner"),
                                b.getString("team"), instant(b, "dueAt"), instant(b, "at")))),
                list(d, "closes", c -> new LeadRecord.Close(c.getString("eventId"),
                        new Closure(stage(c, "outcome"), instant(c, "at"), text(c, "amount", BigDecimal::new),
                                c.getString("currency"), c.getString("lossReason"), c.getString("owner"),
                                c.getString("team")))));
    }

    private static void mark(Document d, String key, LeadRecord.Mark mark) {
        if (mark != null) {
            Document m = new Document();
            put(m, "at", mark.at());
            put(m, "eventId", mark.eventId());
            put(m, "value", mark.value());
            d.append(key, m);
        }
    }

    private static LeadRecord.Mark mark(Document d, String key) {
        Document m = d.get(key, Document.class);
        return m == null ? null : new LeadRecord.Mark(instant(m, "at"), m.getString("eventId"), m.getString("value"));
    }

    private static Document entry(StageEntry e) {
        Document d = new Document();
        put(d, "stage", e.stage());
        put(d, "at", e.at());
        put(d, "from", e.from());
        put(d, "reasonCode", e.reasonCode());
        put(d, "owner", e.owner());
        put(d, "team", e.team());
        put(d, "definitionVersion", e.definitionVersion());
        d.append("manual", e.manual());
        put(d, "eventId", e.eventId());
        return d;
    }

    private static Document assignment(LeadRecord.Assignment a) {
        Handoff h = a.handoff();
        Document d = new Document();
        put(d, "eventId", a.eventId());
        put(d, "handoffId", h.handoffId());
        put(d, "at", h.at());
        put(d, "owner", h.owner());
        put(d, "team", h.team());
        put(d, "acceptDueAt", h.acceptDueAt());
        put(d, "definitionVersion", a.definitionVersion());
        return d;
    }

    private static Document breach(LeadRecord.Breach breach) {
        SlaBreach b = breach.breach();
        Document d = new Document();
        put(d, "eventId", breach.eventId());
        put(d, "handoffId", b.handoffId());
        put(d, "sla", b.sla());
        put(d, "owner", b.owner());
        put(d, "team", b.team());
        put(d, "dueAt", b.dueAt());
        put(d, "at", b.at());
        return d;
    }

    private static Document close(LeadRecord.Close close) {
        Closure c = close.closure();
        Document d = new Document();
        put(d, "eventId", close.eventId());
        put(d, "outcome", c.outcome());
        put(d, "at", c.at());
        put(d, "amount", c.amount());
        put(d, "currency", c.currency());
        put(d, "lossReason", c.lossReason());
        put(d, "owner", c.owner());
        put(d, "team", c.team());
        return d;
    }

    /** Strings and integers as they are; instants, amounts and enums as their text. */
    private static void put(Document d, String key, Object value) {
        if (value == null) {
            return;
        }
        d.append(key, value instanceof String || value instanceof Integer ? value
                : value instanceof Instant instant ? IsoInstants.format(instant)
                : value instanceof BigDecimal amount ? amount.toString()
                : value instanceof Enum<?> e ? e.name() : value.toString());
    }

    private static <T> T text(Document d, String key, Function<String, T> parse) {
        String value = d.getString(key);
        return value == null ? null : parse.apply(value);
    }

    private static Instant instant(Document d, String key) {
        return text(d, key, IsoInstants::parse);
    }

    private static Stage stage(Document d, String key) {
        return text(d, key, Stage::valueOf);
    }

    private static <T> List<T> list(Document d, String key, Function<Document, T> decode) {
        List<T> values = new ArrayList<>();
        for (Document item : d.getList(key, Document.class, List.of())) {
            values.add(decode.apply(item));
        }
        return values;
    }
}
