package io.leadfunnel.handoff.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.leadfunnel.events.Actor;
import io.leadfunnel.events.LeadPersonalData;
import io.leadfunnel.events.PersonalValues;
import io.leadfunnel.events.Stage;
import io.leadfunnel.handoff.Fixtures;
import io.leadfunnel.handoff.domain.AgreedLeadDefinition;
import io.leadfunnel.handoff.domain.ChecklistItem;
import io.leadfunnel.handoff.domain.DefaultDefinition;
import io.leadfunnel.handoff.domain.LeadLifecycle;
import io.leadfunnel.handoff.domain.RejectReason;
import io.leadfunnel.handoff.domain.RoutingDecision;
import io.leadfunnel.handoff.domain.Score;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDocumentWriter;
import org.bson.BsonType;
import org.bson.Document;
import org.bson.codecs.Codec;
import org.bson.codecs.EncoderContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lifecycle state stored through the codec reads back as it was, in every stage; a document stored the way it was
 * before the codec (the state's JSON text parsed into a document) reads as the same state.
 */
class StoredStateTest {

    private static final Codec<LeadLifecycle.State> CODEC = StoredJson.codec(LeadLifecycle.State.class);
    private static final AgreedLeadDefinition DEFINITION = DefaultDefinition.content();
    private static final Instant T0 = Instant.parse("2026-03-04T08:00:00.123456Z");
    private static final Actor REP = Actor.user("rita");

    record Sample(String name, LeadLifecycle.State state) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Sample> everyStage() {
        List<Sample> samples = new ArrayList<>();
        samples.add(new Sample("unknown", LeadLifecycle.unknown("lead-unknown").state()));

        LeadLifecycle lead = captured("lead-lead");
        lead.scored(new Score(10, 5, 15, "D", 3, T0));
        lead.evaluate(DEFINITION, T0);
        samples.add(new Sample("LEAD, evaluation failed", lead.state()));

        samples.add(new Sample("MQL, handed off", handedOff("lead-mql").state()));

        LeadLifecycle sal = accepted("lead-sal");
        sal.contacted(T0.plusSeconds(120));
        samples.add(new Sample("SAL, contacted", sal.state()));

        samples.add(new Sample("SQL", qualified("lead-sql").state()));

        LeadLifecycle won = qualified("lead-won");
        won.closeWon(REP, new BigDecimal("12500.50"), "EUR", T0.plusSeconds(600));
        samples.add(new Sample("WON with an amount", won.state()));

        LeadLifecycle lost = accepted("lead-lost");
        lost.closeLost(REP, "went with a rival", T0.plusSeconds(600));
        samples.add(new Sample("LOST", lost.state()));

        LeadLifecycle recycled = handedOff("lead-recycled");
        recycled.reject(REP, RejectReason.OTHER, "call again in spring", DEFINITION, T0.plusSeconds(60));
        samples.add(new Sample("RECYCLED", recycled.state()));

        LeadLifecycle disqualified = handedOff("lead-disqualified");
        Instant at = T0;
        for (int i = 0; i <= DEFINITION.recycling().maxRecycles(); i++) {
            at = at.plus(DEFINITION.recycling().waitingTime()).plusSeconds(60);
            if (i > 0) {
                disqualified.evaluate(DEFINITION, at);
                disqualified.assign(RoutingDecision.queue("inbound", "fallback", null), DEFINITION, at);
            }
            disqualified.reject(REP, RejectReason.NO_BUDGET, null, DEFINITION, at);
        }
        samples.add(new Sample("DISQUALIFIED", disqualified.state()));

        LeadLifecycle escalated = handedOff("lead-escalated");
        Instant late = T0.plus(Duration.ofDays(2));
        escalated.breach(new RoutingDecision("bob", "emea", "escalation:next-rep", null), DEFINITION.sla(), late);
        escalated.breach(RoutingDecision.queue("emea-managers", "escalation:manager-queue", null), DEFINITION.sla(),
                late.plus(Duration.ofDays(1)));
        samples.add(new Sample("MQL, escalated twice", escalated.state()));

        LeadLifecycle apart = LeadLifecycle.unknown("lead-apart");
        apart.captured(4, Fixtures.profile("Manufacturing").withoutPersonalValues(), PersonalValues.ON_PROFILE_TOPIC);
        apart.personalDataArrived(new LeadPersonalData("lead-apart", 4, T0, 1, "lead-service", "maria@acme.example",
                "Maria", "Keller", "Acme", "acme.example", "CTO", Map.of("hubspot", "17")));
        apart.markApplied(UUID.randomUUID());
        samples.add(new Sample("personal values apart", apart.state()));

        LeadLifecycle erased = handedOff("lead-erased");
        erased.personalDataErased();
        erased.erased(T0.plusSeconds(900));
        samples.add(new Sample("erased", erased.state()));
        return samples;
    }

    @ParameterizedTest
    @MethodSource("everyStage")
    void given_a_state_when_stored_through_the_codec_then_it_reads_back_equal(Sample sample) {
        BsonDocument stored = encode(sample.state());

        assertThat(StoredJson.read(stored, CODEC)).isEqualTo(sample.state());
        assertThat(StoredJson.read(BsonDocument.parse(stored.toJson()), CODEC)).isEqualTo(sample.state());
    }

    @ParameterizedTest
    @MethodSource("everyStage")
    void given_a_document_stored_through_json_text_when_read_then_it_is_the_same_state(Sample sample) throws Exception {
        Document old = storedThroughJsonText(sample.state());

        assertThat(StoredJson.fromDocument(old, LeadLifecycle.State.class)).usingRecursiveComparison()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class).isEqualTo(sample.state());
    }

    @ParameterizedTest
    @MethodSource("everyStage")
    void given_a_state_when_stored_then_its_shape_is_the_one_json_text_gave_but_for_exact_decimals(Sample sample)
            throws Exception {
        BsonDocument stored = encode(sample.state());
        BsonDocument old = storedThroughJsonText(sample.state()).toBsonDocument();

        assertThat(withDecimalsAsDoubles(stored)).isEqualTo(old);
    }

    @ParameterizedTest
    @MethodSource("everyStage")
    void a_won_amount_is_stored_exactly(Sample sample) {
        if (sample.state().stage() == Stage.WON) {
            String json = encode(sample.state()).toJson();
            assertThat(json).contains("{\"$numberDecimal\": \"12500.50\"}");
        }
    }

    /** A stored instant as the state writes it: text. */
    record Stamped(Instant at) {
    }

    @Test
    void given_an_instant_stored_as_a_bson_date_by_another_tool_when_read_then_it_is_that_instant() {
        Codec<Stamped> codec = StoredJson.codec(Stamped.class);
        for (Instant at : List.of(Instant.parse("2026-03-04T08:00:00.123Z"), Instant.parse("2026-03-04T08:00:00Z"),
                Instant.parse("1969-12-31T23:59:59.999Z"))) {
            BsonDocument stored = new BsonDocument("at", new BsonDateTime(at.toEpochMilli()));

            assertThat(StoredJson.read(stored, codec)).isEqualTo(new Stamped(at));
        }
    }

    private static BsonDocument encode(LeadLifecycle.State state) {
        BsonDocument stored = new BsonDocument();
        CODEC.encode(new BsonDocumentWriter(stored), state, EncoderContext.builder().build());
        return stored;
    }

    /** How lifecycles were stored before the codec: the state's JSON text, parsed by the driver. */
    private static Document storedThroughJsonText(LeadLifecycle.State state) throws JsonProcessingException {
        return Document.parse(StoredJson.mapper().writeValueAsString(state));
    }

    private static BsonDocument withDecimalsAsDoubles(BsonDocument document) {
        BsonDocument copy = document.clone();
        copy.entrySet().forEach(entry -> entry.setValue(decimalsAsDoubles(entry.getValue())));
        return copy;
    }

    private static org.bson.BsonValue decimalsAsDoubles(org.bson.BsonValue value) {
        if (value.getBsonType() == BsonType.DECIMAL128) {
            return new org.bson.BsonDouble(value.asDecimal128().getValue().bigDecimalValue().doubleValue());
        }
        if (value.isDocument()) {
            return withDecimalsAsDoubles(value.asDocument());
        }
        if (value.isArray()) {
            org.bson.BsonArray array = new org.bson.BsonArray();
            value.asArray().forEach(v -> array.add(decimalsAsDoubles(v)));
            return array;
        }
        return value;
    }

    private static LeadLifecycle captured(String leadId) {
        LeadLifecycle lifecycle = LeadLifecycle.unknown(leadId);
        lifecycle.captured(1, Fixtures.profile("Manufacturing"));
        lifecycle.markApplied(UUID.randomUUID());
        return lifecycle;
    }

    private static LeadLifecycle handedOff(String leadId) {
        LeadLifecycle lifecycle = captured(leadId);
        lifecycle.scored(new Score(80, 70, 150, "A", 3, T0));
        lifecycle.evaluate(DEFINITION, T0);
        lifecycle.assign(new RoutingDecision("rita", "emea", "emea-rule", "strategic"), DEFINITION, T0);
        return lifecycle;
    }

    private static LeadLifecycle accepted(String leadId) {
        LeadLifecycle lifecycle = handedOff(leadId);
        lifecycle.accept(REP, "rita", "emea", DEFINITION.sla(), T0.plusSeconds(60));
        return lifecycle;
    }

    private static LeadLifecycle qualified(String leadId) {
        LeadLifecycle lifecycle = accepted(leadId);
        lifecycle.qualify(REP, Map.of(ChecklistItem.BUYING_CENTER, "CTO and CFO", ChecklistItem.BUDGET, "120k",
                ChecklistItem.TIMELINE, "Q3"), DEFINITION, T0.plusSeconds(300));
        return lifecycle;
    }
}
