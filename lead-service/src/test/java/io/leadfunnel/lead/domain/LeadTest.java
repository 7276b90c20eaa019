package io.leadfunnel.lead.domain;

import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.Actor;
import io.leadfunnel.events.GoldenSamples;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.LeadActivityRecorded;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadErased;
import io.leadfunnel.events.LeadEvent;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadProfileUpdated;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.Stage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeadTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final Instant T2 = T0.plusSeconds(120);
    private static final Instant NOW = T0.plusSeconds(3600);

    private static Lead captured() {
        Lead lead = Lead.capture("lead-1", T0, NOW, "hubspot", ExternalRef.hubspot("1501"), ProfilePatch.builder()
                .set(ProfileField.EMAIL, "  Maria.Keller@Acme-Robotics.example ")
                .set(ProfileField.FIRST_NAME, "Maria")
                .set(ProfileField.TITLE, "VP Operations")
                .set(ProfileField.SOURCE, LeadSource.WEBINAR)
                .build());
        lead.markStored(1);
        return lead;
    }

    @Test
    void capture_publishes_the_full_profile_with_derived_domain_and_origin() {
        // when
        Lead lead = Lead.capture("lead-1", T0, NOW, "hubspot", ExternalRef.hubspot("1501"), ProfilePatch.builder()
                .set(ProfileField.EMAIL, "  Maria.Keller@Acme-Robotics.example ")
                .set(ProfileField.SOURCE, LeadSource.WEBINAR)
                .build());

        // then
        assertThat(lead.pendingEvents()).singleElement().isInstanceOfSatisfying(LeadCaptured.class, captured -> {
            assertThat(captured.leadId()).isEqualTo("lead-1");
            assertThat(captured.occurredAt()).isEqualTo(T0);
            assertThat(captured.sequence()).isEqualTo(1);
            assertThat(captured.profile().email()).isEqualTo("maria.keller@acme-robotics.example");
            assertThat(captured.profile().companyDomain()).isEqualTo("acme-robotics.example");
            assertThat(captured.profile().origin()).isEqualTo(LeadOrigin.MARKETING);
            assertThat(captured.externalRefs()).containsEntry("hubspot", "1501");
        });
        assertThat(lead.stage()).isEqualTo(Stage.LEAD);
        assertThat(lead.timeline()).extracting(TimelineEntry::kind).containsExactly("captured");
    }

    @Test
    void free_mail_addresses_imply_no_company_domain_and_referrals_are_sales_sourced() {
        Lead lead = Lead.capture("lead-2", T0, NOW, "api", null, ProfilePatch.builder()
                .set(ProfileField.EMAIL, "someone@gmail.com")
                .set(ProfileField.SOURCE, "referral")
                .build());

        assertThat(lead.toProfile().companyDomain()).isNull();
        assertThat(lead.toProfile().origin()).isEqualTo(LeadOrigin.SALES);
    }

    @Test
    void newest_value_per_field_wins_whatever_the_order_of_arrival() {
        // given a lead, and two title changes delivered newest first
        Lead lead = captured();
        lead.applyProfile(ProfilePatch.builder().set(ProfileField.TITLE, "COO").build(), T2, NOW, "hubspot");
        lead.markStored(2);

        // when the older change arrives late
        List<String> changed = lead.applyProfile(ProfilePatch.builder().set(ProfileField.TITLE, "Director").build(),
                T1, NOW, "hubspot");

        // then it is ignored: no change, no event
        assertThat(changed).isEmpty();
        assertThat(lead.pendingEvents()).isEmpty();
        assertThat(lead.toProfile().title()).isEqualTo("COO");
    }

    @Test
    void a_correction_wins_over_a_report_stamped_in_the_future_and_later_reports_win_over_it() {
        Lead lead = captured();
        Instant future = NOW.plusSeconds(120);
        lead.applyProfile(ProfilePatch.builder().set(ProfileField.TITLE, "Sales Manager").build(), future, NOW, "crm");

        lead.correctProfile(ProfilePatch.builder().set(ProfileField.TITLE, "CFO").build(), NOW, "api by olga");
        assertThat(lead.toProfile().title()).isEqualTo("CFO");

        lead.applyProfile(ProfilePatch.builder().set(ProfileField.TITLE, "CEO").build(), future.plusSeconds(1), NOW,
                "crm");
        assertThat(lead.toProfile().title()).isEqualTo("CEO");
    }

    @Test
    void a_replayed_change_produces_no_event() {
        Lead lead = captured();
        ProfilePatch patch = ProfilePatch.builder().set(ProfileField.COMPANY, "Acme Robotics").build();
        lead.applyProfile(patch, T1, NOW, "hubspot");
        lead.markStored(2);

        lead.applyProfile(patch, T1, NOW, "hubspot");

        assertThat(lead.pendingEvents()).isEmpty();
        assertThat(lead.isDirty()).isFalse();
    }

    @Test
    void a_profile_change_publishes_the_whole_profile_and_names_the_changed_fields() {
        Lead lead = captured();

        lead.applyProfile(ProfilePatch.builder().set(ProfileField.TITLE, "COO").set(ProfileField.COMPANY_SIZE, "520")
                .build(), T1, NOW, "hubspot");

        assertThat(lead.pendingEvents()).singleElement().isInstanceOfSatisfying(LeadProfileUpdated.class, updated -> {
            assertThat(updated.changedFields()).containsExactlyInAnyOrder("title", "companySize");
            assertThat(updated.profile().firstName()).isEqualTo("Maria");
            assertThat(updated.profile().companySize()).isEqualTo(520);
            assertThat(updated.sequence()).isEqualTo(2);
        });
    }

    @Test
    void a_present_null_clears_a_field() {
        Lead lead = captured();

        lead.applyProfile(ProfilePatch.builder().set(ProfileField.TITLE, null).build(), T1, NOW, "api");

        assertThat(lead.toProfile().title()).isNull();
        assertThat(lead.pendingEvents()).singleElement().isInstanceOf(LeadProfileUpdated.class);
    }

    @Test
    void an_activity_is_recorded_once_per_id() {
        Lead lead = captured();
        IncomingActivity demo = new IncomingActivity("a-1", ActivityType.DEMO_REQUESTED, T1, "q1", Map.of());

        assertThat(lead.recordActivity(demo, NOW)).isTrue();
        assertThat(lead.recordActivity(demo, NOW)).isFalse();

        assertThat(lead.pendingEvents()).singleElement().isInstanceOfSatisfying(LeadActivityRecorded.class, a -> {
            assertThat(a.activityType()).isEqualTo(ActivityType.DEMO_REQUESTED);
            assertThat(a.occurredAt()).isEqualTo(T1);
            assertThat(a.recordedAt()).isEqualTo(NOW);
        });
    }

    @Test
    void erasure_removes_personal_data_and_keeps_funnel_facts() {
        Lead lead = captured();
        lead.applyProfile(ProfilePatch.builder().set(ProfileField.INDUSTRY, "Manufacturing")
                .set(ProfileField.COMPANY_SIZE, 450).build(), T1, NOW, "hubspot");
        lead.markStored(2);

        lead.erase(Actor.user("olga"), NOW);

        assertThat(lead.pendingEvents()).singleElement().isInstanceOfSatisfying(LeadErased.class,
                erased -> assertThat(erased.reason()).isEqualTo(LeadErased.Reason.REQUEST));
        assertThat(lead.toProfile().email()).isNull();
        assertThat(lead.toProfile().firstName()).isNull();
        assertThat(lead.toProfile().title()).isNull();
        assertThat(lead.refs()).isEmpty();
        assertThat(lead.toProfile().industry()).isEqualTo("Manufacturing");
        assertThat(lead.toProfile().companySize()).isEqualTo(450);
        assertThat(lead.toProfile().source()).isEqualTo(LeadSource.WEBINAR);
        assertThat(lead.timeline()).allSatisfy(entry -> assertThat(entry.summary()).doesNotContain("Maria"));
        assertThatThrownBy(() -> lead.applyProfile(ProfilePatch.builder().set(ProfileField.TITLE, "x").build(), T2,
                NOW, "api")).isInstanceOf(LeadNotActiveException.class);
        assertThat(lead.erase(Actor.user("olga"), NOW)).isFalse();
    }

    @Test
    void a_merge_hands_references_and_newer_values_to_the_survivor() {
        // given an older survivor and a newer duplicate with a newer title
        Lead survivor = Lead.capture("s", T0, NOW, "salesforce", ExternalRef.salesforce("00Q1"), ProfilePatch.builder()
                .set(ProfileField.EMAIL, "maria@acme.example").set(ProfileField.TITLE, "VP").build());
        survivor.markStored(1);
        Lead duplicate = Lead.capture("d", T1, NOW, "hubspot", ExternalRef.hubspot("77"), ProfilePatch.builder()
                .set(ProfileField.TITLE, "COO").set(ProfileField.COUNTRY, "Germany").build());
        duplicate.markStored(1);

        // when the duplicate is merged into the survivor
        PendingMerge merge = duplicate.mergeInto("s", T2, NOW);
        survivor.absorb("d", merge, NOW);

        // then
        assertThat(duplicate.pendingEvents()).singleElement().isInstanceOfSatisfying(LeadErased.class, erased -> {
            assertThat(erased.reason()).isEqualTo(LeadErased.Reason.MERGED);
            assertThat(erased.mergedInto()).isEqualTo("s");
        });
        assertThat(duplicate.refs()).isEmpty();
        assertThat(duplicate.isActive()).isFalse();
        assertThat(survivor.refs()).containsExactlyInAnyOrder("salesforce|00Q1", "hubspot|77");
        assertThat(survivor.toProfile().title()).isEqualTo("COO");
        assertThat(survivor.toProfile().country()).isEqualTo("DE");
        assertThat(survivor.toProfile().email()).isEqualTo("maria@acme.example");
        assertThat(survivor.pendingEvents()).singleElement().isInstanceOfSatisfying(LeadProfileUpdated.class,
                updated -> assertThat(updated.mergedLeadIds()).containsExactly("d"));

        // and absorbing the same lead again changes nothing
        survivor.markStored(2);
        assertThat(survivor.absorb("d", merge, NOW)).isFalse();
    }

    @Test
    void lifecycle_events_set_stage_and_owner_once_and_newest_wins() {
        Lead lead = captured();
        LeadStageChanged toMql = GoldenSamples.event(LeadStageChanged.class);
        HandoffAssigned assigned = GoldenSamples.event(HandoffAssigned.class);
        LeadStageChanged olderToLead = new LeadStageChanged(UUID.randomUUID(), lead.id(),
                toMql.occurredAt().minusSeconds(10), 1, "handoff-service", null, Stage.LEAD, 1, List.of(),
                Actor.system("test"), null, null, null, null);

        assertThat(lead.applyLifecycle(toMql, NOW)).isTrue();
        assertThat(lead.applyLifecycle(toMql, NOW)).isFalse();
        assertThat(lead.applyLifecycle(assigned, NOW)).isTrue();
        assertThat(lead.applyLifecycle(olderToLead, NOW)).isTrue();

        assertThat(lead.stage()).isEqualTo(Stage.MQL);
        assertThat(lead.owner()).isEqualTo("jonas.berg");
        assertThat(lead.team()).isEqualTo("dach-mid-market");
        assertThat(lead.pendingEvents()).as("read-model updates publish nothing").isEmpty();
    }

    @Test
    void the_newest_score_wins() {
        Lead lead = captured();
        LeadScored newer = GoldenSamples.event(LeadScored.class);
        LeadScored older = new LeadScored(UUID.randomUUID(), lead.id(), newer.occurredAt().minusSeconds(60), 1,
                "scoring-service", 10, 10, 10, "D", null, null, null, null, 2, List.of(), "event");

        lead.applyScore(newer, NOW);
        lead.applyScore(older, NOW);

        assertThat(lead.score().total()).isEqualTo(66);
        assertThat(lead.score().grade()).isEqualTo("A");
    }

    @Test
    void sequence_numbers_increase_per_lead() {
        Lead lead = captured();
        lead.applyProfile(ProfilePatch.builder().set(ProfileField.TITLE, "COO").build(), T1, NOW, "x");
        lead.recordActivity(new IncomingActivity("a", ActivityType.PAGE_VIEW, T1, null, null), NOW);

        assertThat(lead.pendingEvents()).extracting(LeadEvent::sequence).containsExactly(2L, 3L);
    }
}
