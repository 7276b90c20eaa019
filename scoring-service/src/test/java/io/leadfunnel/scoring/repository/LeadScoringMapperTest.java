package io.leadfunnel.scoring.repository;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadErased;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadPersonalData;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.PersonalValues;
import io.leadfunnel.scoring.domain.DefaultModel;
import io.leadfunnel.scoring.domain.LeadScoringState;
import io.leadfunnel.scoring.domain.ScoringModel;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored form of the personal-values bookkeeping, and documents written before it existed. */
class LeadScoringMapperTest {

    static final Instant NOW = Instant.parse("2026-03-04T08:45:00Z");
    static final String LEAD = "lead-doc";
    final ScoringModel model = DefaultModel.create();

    static final LeadProfile VP = new LeadProfile("maria.keller@acme-robotics.example", "Maria", "Keller",
            "Acme Robotics GmbH", "acme-robotics.example", "VP Operations", "DE", "Manufacturing", 450,
            LeadSource.WEBINAR, "Webinar", "q1", LeadOrigin.MARKETING);

    static LeadCaptured capturedOnProfileTopic(long sequence) {
        return new LeadCaptured(UUID.randomUUID(), LEAD, NOW, FunnelEvent.SCHEMA_VERSION, "lead-service", sequence,
                VP.withoutPersonalValues(), Map.of(), "api", PersonalValues.ON_PROFILE_TOPIC);
    }

    static LeadPersonalData personal(long sequence) {
        return new LeadPersonalData(LEAD, sequence, NOW, FunnelEvent.SCHEMA_VERSION, "lead-service", VP.email(),
                VP.firstName(), VP.lastName(), VP.company(), VP.companyDomain(), VP.title());
    }

    static LeadScoringState storedAndRead(LeadScoringState state) {
        return LeadScoringMapper.toState(LeadScoringMapper.toDocument(state, 1, NOW));
    }

    @Test
    void a_document_written_before_the_personal_values_moved_reads_as_inline() {
        // given a stored document with a profile of sequence 4 and no personal bookkeeping
        LeadScoringDocument doc = new LeadScoringDocument();
        doc.id = LEAD;
        doc.version = 7;
        doc.profileSequence = 4;
        doc.profile = new LeadScoringDocument.ProfileDocument();
        doc.profile.title = "VP Operations";
        doc.profile.industry = "Manufacturing";

        // when it is read
        LeadScoringState state = LeadScoringMapper.toState(doc);

        // then its personal attributes count as recent as its profile: not waiting, scored as before
        assertThat(state.personalSequence()).isEqualTo(4);
        assertThat(state.personalDataErased()).isFalse();
        assertThat(state.awaitingPersonalData()).isFalse();
        assertThat(state.rescore(model, NOW, LeadScoringState.TRIGGER_EVENT, 1)).isPresent();
    }

    @Test
    void a_lead_awaiting_its_personal_values_is_stored_as_such_and_read_back_waiting() {
        LeadScoringState state = LeadScoringState.create(LEAD);
        state.apply(capturedOnProfileTopic(2), model, NOW);

        LeadScoringDocument doc = LeadScoringMapper.toDocument(state, 1, NOW);
        LeadScoringState read = LeadScoringMapper.toState(doc);

        assertThat(doc.awaitingPersonalData).isTrue();
        assertThat(doc.personalSequence).isZero();
        assertThat(doc.personalDataErased).isNull();
        assertThat(read.awaitingPersonalData()).isTrue();
        assertThat(read.profileSequence()).isEqualTo(2);

        // and once the values arrive the flag is gone
        read.apply(personal(2));
        LeadScoringDocument open = LeadScoringMapper.toDocument(read, 2, NOW);
        assertThat(open.awaitingPersonalData).isNull();
        assertThat(open.personalSequence).isEqualTo(2);
        assertThat(open.profile.title).isEqualTo("VP Operations");
        assertThat(open.profile.emailDomain).isEqualTo("acme-robotics.example");
    }

    @Test
    void a_tombstone_is_stored_without_the_personal_attributes_and_read_back_erased() {
        LeadScoringState state = LeadScoringState.create(LEAD);
        state.apply(capturedOnProfileTopic(1), model, NOW);
        state.apply(personal(1));
        state.applyPersonalDataTombstone();

        LeadScoringDocument doc = LeadScoringMapper.toDocument(state, 1, NOW);

        assertThat(doc.profile.title).isNull();
        assertThat(doc.profile.companyDomain).isNull();
        assertThat(doc.profile.emailDomain).isNull();
        assertThat(doc.profile.industry).isEqualTo("Manufacturing");
        assertThat(doc.personalDataErased).isTrue();
        assertThat(doc.awaitingPersonalData).isTrue();
        assertThat(storedAndRead(state).personalDataErased()).isTrue();
        assertThat(storedAndRead(state).awaitingPersonalData()).isTrue();
    }

    @Test
    void an_erased_lead_stores_no_personal_bookkeeping() {
        LeadScoringState state = LeadScoringState.create(LEAD);
        state.apply(capturedOnProfileTopic(1), model, NOW);
        state.apply(new LeadErased(UUID.randomUUID(), LEAD, NOW, FunnelEvent.SCHEMA_VERSION, "lead-service", 2,
                LeadErased.Reason.REQUEST, null), model, NOW);

        LeadScoringDocument doc = LeadScoringMapper.toDocument(state, 1, NOW);

        assertThat(doc.personalSequence).isNull();
        assertThat(doc.personalDataErased).isNull();
        assertThat(doc.awaitingPersonalData).isNull();
        assertThat(doc.profile).isNull();
        assertThat(List.of(doc.erasedAt)).containsExactly(NOW);
    }
}
