package io.leadfunnel.metrics.repository;

import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.domain.Closure;
import io.leadfunnel.metrics.domain.Handoff;
import io.leadfunnel.metrics.domain.LeadFact;
import io.leadfunnel.metrics.domain.LeadFold;
import io.leadfunnel.metrics.domain.Segment;
import io.leadfunnel.metrics.domain.SlaBreach;
import io.leadfunnel.metrics.domain.StageEntry;
import org.bson.Document;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A lead's fold state ({@link LeadFold.State}) as the {@code fact} field of its document, so that applying an event
 * reads the derived fact instead of parsing every stored event again. Instants and amounts are stored as text, which
 * keeps them exact (nanoseconds, the amount's scale); absent values are left out.
 */
final class FactDocument {

    static final String FIELD = "fact";

    private FactDocument() {
    }

    static Document encode(LeadFold.State state) {
        LeadFact f = state.fact();
        Document d = new Document();
        put(d, "capturedAt", f.capturedAt());
        put(d, "source", f.source());
        put(d, "sourceDetail", f.sourceDetail());
        put(d, "campaign", f.campaign());
        put(d, "origin", f.origin());
        put(d, "segment", f.segment());
        put(d, "industry", f.industry());
        put(d, "country", f.country());
        put(d, "owner", f.owner());
        put(d, "team", f.team());
        put(d, "definitionVersion", f.definitionVersion());
        put(d, "scoreTotal", f.scoreTotal());
        put(d, "grade", f.grade());
        d.append("entries", f.entries().stream().map(FactDocument::entry).toList());
        d.append("handoffs", f.handoffs().stream().map(FactDocument::handoff).toList());
        d.append("breaches", f.breaches().stream().map(FactDocument::breach).toList());
        if (f.closure() != null) {
            Closure c = f.closure();
            Document closure = new Document();
            put(closure, "outcome", c.outcome());
            put(closure, "at", c.at());
            put(closure, "amount", c.amount());
            put(closure, "currency", c.currency());
            put(closure, "lossReason", c.lossReason());
            put(closure, "owner", c.owner());
            put(closure, "team", c.team());
            d.append("closure", closure);
        }
        put(d, "mergedInto", f.mergedInto());
        d.append("erased", f.erased());
        d.append("profileSequence", state.profileSequence());
        put(d, "lastAt", state.lastAt());
        put(d, "lastEventId", state.lastEventId());
        return d;
    }

    static LeadFold.State decode(String leadId, Document d) {
        Document c = d.get("closure", Document.class);
        Closure closure = c == null ? null : new Closure(stage(c, "outcome"), instant(c, "at"),
                text(c, "amount", BigDecimal::new), c.getString("currency"), c.getString("lossReason"),
                c.getString("owner"), c.getString("team"));
        LeadFact fact = new LeadFact(leadId, instant(d, "capturedAt"), text(d, "source", LeadSource::valueOf),
                d.getString("sourceDetail"), d.getString("campaign"), text(d, "origin", LeadOrigin::valueOf),
                text(d, "segment", Segment::valueOf), d.getString("industry"), d.getString("country"),
                d.getString("owner"), d.getString("team"), d.getInteger("definitionVersion"),
                d.getInteger("scoreTotal"), d.getString("grade"),
                list(d, "entries", e -> new StageEntry(stage(e, "stage"), instant(e, "at"), stage(e, "from"),
                        e.getString("reasonCode"), e.getString("owner"), e.getString("team"),
                        e.getInteger("definitionVersion"), e.getBoolean("manual", false), e.getString("eventId"))),
                list(d, "handoffs", h -> new Handoff(h.getString("handoffId"), instant(h, "at"), h.getString("owner"),
                        h.getString("team"), instant(h, "acceptDueAt"))),
                list(d, "breaches", b -> new SlaBreach(b.getString("handoffId"), b.getString("sla"),
                        b.getString("owner"), b.getString("team"), instant(b, "dueAt"), instant(b, "at"))),
                closure, d.getString("mergedInto"), d.getBoolean("erased", false));
        return new LeadFold.State(fact, d.get("profileSequence", Number.class).longValue(), instant(d, "lastAt"),
                d.getString("lastEventId"));
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

    private static Document handoff(Handoff h) {
        Document d = new Document();
        put(d, "handoffId", h.handoffId());
        put(d, "at", h.at());
        put(d, "owner", h.owner());
        put(d, "team", h.team());
        put(d, "acceptDueAt", h.acceptDueAt());
        return d;
    }

    private static Document breach(SlaBreach b) {
        Document d = new Document();
        put(d, "handoffId", b.handoffId());
        put(d, "sla", b.sla());
        put(d, "owner", b.owner());
        put(d, "team", b.team());
        put(d, "dueAt", b.dueAt());
        put(d, "at", b.at());
        return d;
    }

    /** Strings and integers as they are; instants, amounts and enums as their text. */
    private static void put(Document d, String key, Object value) {
        if (value == null) {
            return;
        }
        d.append(key, value instanceof String || value instanceof Integer ? value
                : value instanceof BigDecimal amount ? amount.toString()
                : value instanceof Enum<?> e ? e.name() : value.toString());
    }

    private static <T> T text(Document d, String key, Function<String, T> parse) {
        String value = d.getString(key);
        return value == null ? null : parse.apply(value);
    }

    private static Instant instant(Document d, String key) {
        return text(d, key, Instant::parse);
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
