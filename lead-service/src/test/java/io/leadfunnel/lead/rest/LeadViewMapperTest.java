package io.leadfunnel.lead.rest;

import io.leadfunnel.events.Actor;
import io.leadfunnel.events.GoldenSamples;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.Stage;
import io.leadfunnel.lead.domain.ExternalRef;
import io.leadfunnel.lead.domain.Lead;
import io.leadfunnel.lead.domain.ProfileField;
import io.leadfunnel.lead.domain.ProfilePatch;
import io.leadfunnel.lead.rest.dto.LeadView;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LeadViewMapperTest {

    private static final Instant NOW = Instant.parse("2026-03-04T09:00:00Z");
    private static final String ID = "6571a3f09c1d4e2b8a7f0c11";

    @Test
    void givenACapturedScoredAndAssignedLead_whenShown_thenEveryFieldIsThere() {
        Lead lead = captured();
        lead.applyScore(GoldenSamples.event(LeadScored.class), NOW);
        lead.applyLifecycle(GoldenSamples.event(LeadStageChanged.class), NOW);
        lead.applyLifecycle(GoldenSamples.event(HandoffAssigned.class), NOW);

        LeadView view = LeadViewMapper.summary(lead);

        assertThat(view.id()).isEqualTo(ID);
        assertThat(view.email()).isEqualTo("ada@acme-robotics.example");
        assertThat(view.companyDomain()).isEqualTo("acme-robotics.example");
        assertThat(view.source()).isEqualTo(LeadSource.WEBINAR);
        assertThat(view.origin()).isEqualTo(LeadOrigin.MARKETING);
        assertThat(view.externalRefs()).containsExactly(new LeadView.ExternalRefView("hubspot", "51"));
        assertThat(view.stage()).isEqualTo(Stage.MQL);
        assertThat(view.owner()).isEqualTo("jonas.berg");
        assertThat(view.team()).isEqualTo("dach-mid-market");
        assertThat(view.score()).isEqualTo(new LeadView.ScoreView(80, 45, 66, "A", 3,
                Instant.parse("2026-03-04T08:45:03Z")));
        assertThat(view.erased()).isFalse();
        assertThat(view.timeline()).isNull();
    }

    @Test
    void givenAnErasedLead_whenShownInDetail_thenPersonalDataIsGoneAndTheTimelineIsThere() {
        Lead lead = captured();
        lead.erase(Actor.user("ada"), NOW);

        LeadView view = LeadViewMapper.detail(lead);

        assertThat(view.erased()).isTrue();
        assertThat(view.erasedAt()).isEqualTo(NOW);
        assertThat(view.email()).isNull();
        assertThat(view.firstName()).isNull();
        assertThat(view.externalRefs()).isEmpty();
        assertThat(view.source()).isEqualTo(LeadSource.WEBINAR);
        assertThat(view.timeline()).extracting(LeadView.TimelineView::kind).containsExactly("captured", "erased");
    }

    private static Lead captured() {
        return Lead.capture(ID, Instant.parse("2026-03-04T08:00:00Z"), NOW, "api", ExternalRef.hubspot("51"),
                ProfilePatch.builder()
                        .set(ProfileField.EMAIL, "ada@acme-robotics.example")
                        .set(ProfileField.FIRST_NAME, "Ada")
                        .set(ProfileField.SOURCE, LeadSource.WEBINAR)
                        .build());
    }
}
