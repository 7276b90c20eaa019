package io.leadfunnel.lead.repository;

import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.Actor;
import io.leadfunnel.events.GoldenSamples;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.lead.domain.ExternalRef;
import io.leadfunnel.lead.domain.IncomingActivity;
import io.leadfunnel.lead.domain.Lead;
import io.leadfunnel.lead.domain.PendingMerge;
import io.leadfunnel.lead.domain.ProfileField;
import io.leadfunnel.lead.domain.ProfilePatch;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored document holds everything a lead holds: what the repository reads back is the lead it wrote. */
class LeadDocumentMapperTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant NOW = T0.plusSeconds(3600);

    @Test
    void givenALeadWithProfileDecisionsAndAnAbsorbedDuplicate_whenStoredAndRead_thenItsStateIsTheSame() {
        // given a lead with every part of its state filled in
        Lead survivor = captured("s", "maria@acme.example", ExternalRef.salesforce("00Q1"));
        survivor.applyProfile(ProfilePatch.builder().set(ProfileField.TITLE, "COO").set(ProfileField.COMPANY, null)
                .build(), T0.plusSeconds(60), NOW, "salesforce");
        survivor.recordActivity(new IncomingActivity("a-1", ActivityType.PAGE_VIEW, T0.plusSeconds(90), "q1",
                Map.of("url", "https://acme.example/pricing")), NOW);
        survivor.applyScore(GoldenSamples.event(LeadScored.class), NOW);
        survivor.applyLifecycle(GoldenSamples.event(LeadStageChanged.class), NOW);
        survivor.applyLifecycle(GoldenSamples.event(HandoffAssigned.class), NOW);
        Lead duplicate = captured("d", null, ExternalRef.hubspot("77"));
        survivor.absorb("d", duplicate.mergeInto("s", T0.plusSeconds(120), NOW), NOW);
        survivor.attachRef(ExternalRef.generic("events", "e-9"));
        survivor.markStored(7);

        // when
        Lead read = LeadDocumentMapper.toLead(LeadDocumentMapper.toDocument(survivor, 7, NOW));

        // then
        assertThat(read.state()).isEqualTo(survivor.state());
        assertThat(read.state().decisions().appliedEventIds()).hasSize(3);
        assertThat(read.state().merges().mergedLeadIds()).containsExactly("d");
        assertThat(read.refList()).containsExactly("salesforce|00Q1", "hubspot|77", "generic:events|e-9");
    }

    @Test
    void givenALeadMergedAwayBeforeTheSurvivorTookIt_whenStoredAndRead_thenWhatItHandsOverIsStillThere() {
        Lead absorbed = captured("d", "maria@acme.example", ExternalRef.hubspot("77"));
        PendingMerge handover = absorbed.mergeInto("s", T0.plusSeconds(120), NOW);
        absorbed.markStored(2);

        Lead read = LeadDocumentMapper.toLead(LeadDocumentMapper.toDocument(absorbed, 2, NOW));

        assertThat(read.state()).isEqualTo(absorbed.state());
        assertThat(read.pendingMerge()).isEqualTo(handover);
        assertThat(read.mergedInto()).isEqualTo("s");
        assertThat(read.isActive()).isFalse();
    }

    @Test
    void givenAnErasedLead_whenStoredAndRead_thenItIsStillErased() {
        Lead erased = captured("e", "maria@acme.example", ExternalRef.hubspot("78"));
        erased.erase(Actor.user("olga"), NOW);
        erased.markStored(2);

        Lead read = LeadDocumentMapper.toLead(LeadDocumentMapper.toDocument(erased, 2, NOW));

        assertThat(read.state()).isEqualTo(erased.state());
        assertThat(read.erasedAt()).isEqualTo(NOW);
        assertThat(read.email()).isNull();
    }

    private static Lead captured(String id, String email, ExternalRef ref) {
        Lead lead = Lead.capture(id, T0, NOW, ref.system(), ref, ProfilePatch.builder()
                .set(ProfileField.EMAIL, email)
                .set(ProfileField.COMPANY, "Acme")
                .set(ProfileField.SOURCE, LeadSource.WEBINAR)
                .build());
        lead.markStored(1);
        return lead;
    }
}
