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
import io.leadfunnel.testing.domain.Scenario;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

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

    /** Given the lead the supplier makes; a command's events are those it adds to the lead's outbox. */
    private static Scenario<Lead, LeadEvent> given(Supplier<Lead> stored) {
        return Scenario.given(stored, Lead::pendingEvents);
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
        given(LeadTest::captured)
                .with(lead -> lead.applyProfile(ProfilePatch.builder().set(ProfileField.TITLE, "COO").build(), T2,
                        NOW, "hubspot"), lead -> lead.markStored(2))
                // when the older change arrives late
                .whenReturning(lead -> lead.applyProfile(ProfilePatch.builder().set(ProfileField.TITLE, "Director")
                        .build(), T1, NOW, "hubspot"))
                // then it is ignored: no change, no event
                .expectResult(List.of())
                .expectNothing()
                .then(lead -> assertThat(lead.toProfile().title()).isEqualTo("COO"));
    }

    @Test
    void a_correction_wins_over_a_report_stamped_in_the_future_and_later_reports_win_over_it() {
        Instant future = NOW.plusSeconds(120);
        given(LeadTest::captured)
                .with(lead -> lead.applyProfile(ProfilePatch.builder().set(ProfileField.TITLE, "Sales Manager")
                        .build(), future, NOW, "crm"))
                .when(lead -> lead.correctProfile(ProfilePatch.builder().set(ProfileField.TITLE, "CFO").build(), NOW,
                        "api by olga"))
                .then(lead -> assertThat(lead.toProfile().title()).isEqualTo("CFO"))
                .andWhen(lead -> lead.applyProfile(ProfilePatch.builder().set(ProfileField.TITLE, "CEO").build(),
                        future.plusSeconds(1), NOW, "crm"))
                .then(lead -> assertThat(lead.toProfile().title()).isEqualTo("CEO"));
    }

    @Test
    void a_replayed_change_produces_no_event() {
        ProfilePatch patch = ProfilePatch.builder().set(ProfileField.COMPANY, "Acme Robotics").build();
        given(LeadTest::captured)
                .with(lead -> lead.applyProfile(patch, T1, NOW, "hubspot"), lead -> lead.markStored(2))
                .when(lead -> lead.applyProfile(patch, T1, NOW, "hubspot"))
                .expectNothing()
                .then(lead -> assertThat(lead.isDirty()).isFalse());
    }

    @Test
    void a_profile_change_publishes_the_whole_profile_and_names_the_changed_fields() {
        given(LeadTest::captured)
                .when(lead -> lead.applyProfile(ProfilePatch.builder().set(ProfileField.TITLE, "COO")
                        .set(ProfileField.COMPANY_SIZE, "520").build(), T1, NOW, "hubspot"))
                .expect(LeadProfileUpdated.class, updated -> {
                    assertThat(updated.changedFields()).containsExactlyInAnyOrder("title", "companySize");
                    assertThat(updated.profile().firstName()).isEqualTo("Maria");
                    assertThat(updated.profile().companySize()).isEqualTo(520);
                    assertThat(updated.sequence()).isEqualTo(2);
                });
    }

    @Test
    void a_present_null_clears_a_field() {
        given(LeadTest::captured)
                .when(lead -> lead.applyProfile(ProfilePatch.builder().set(ProfileField.TITLE, null).build(), T1, NOW,
                        "api"))
                .expect(LeadProfileUpdated.class, updated -> { })
                .then(lead -> assertThat(lead.toProfile().title()).isNull());
    }

    @Test
    void an_activity_is_recorded_once_per_id() {
        IncomingActivity demo = new IncomingActivity("a-1", ActivityType.DEMO_REQUESTED, T1, "q1", Map.of());

        given(LeadTest::captured)
                .whenReturning(lead -> lead.recordActivity(demo, NOW))
                .expectResult(true)
                .expect(LeadActivityRecorded.class, a -> {
                    assertThat(a.activityType()).isEqualTo(ActivityType.DEMO_REQUESTED);
                    assertThat(a.occurredAt()).isEqualTo(T1);
                    assertThat(a.recordedAt()).isEqualTo(NOW);
                })
                .andWhenReturning(lead -> lead.recordActivity(demo, NOW))
                .expectResult(false)
                .expectNothing();
    }

    @Test
    void erasure_removes_personal_data_and_keeps_funnel_facts() {
        given(LeadTest::captured)
                .with(lead -> lead.applyProfile(ProfilePatch.builder().set(ProfileField.INDUSTRY, "Manufacturing")
                        .set(ProfileField.COMPANY_SIZE, 450).build(), T1, NOW, "hubspot"), lead -> lead.markStored(2))
                .when(lead -> lead.erase(Actor.user("olga"), NOW))
                .expect(LeadErased.class, erased -> assertThat(erased.reason()).isEqualTo(LeadErased.Reason.REQUEST))
                .then(lead -> {
                    assertThat(lead.toProfile().email()).isNull();
                    assertThat(lead.toProfile().firstName()).isNull();
                    assertThat(lead.toProfile().title()).isNull();
                    assertThat(lead.refs()).isEmpty();
                    assertThat(lead.toProfile().industry()).isEqualTo("Manufacturing");
                    assertThat(lead.toProfile().companySize()).isEqualTo(450);
                    assertThat(lead.toProfile().source()).isEqualTo(LeadSource.WEBINAR);
                    assertThat(lead.timeline())
                            .allSatisfy(entry -> assertThat(entry.summary()).doesNotContain("Maria"));
                })
                .andWhen(lead -> lead.applyProfile(ProfilePatch.builder().set(ProfileField.TITLE, "x").build(), T2,
                        NOW, "api"))
                .expectRefusal(LeadNotActiveException.class, "erased")
                .andWhenReturning(lead -> lead.erase(Actor.user("olga"), NOW))
                .expectResult(false);
    }

    @Test
    void a_merge_hands_references_and_newer_values_to_the_survivor() {
        // given an older survivor and a newer duplicate with a newer title
        Supplier<Lead> survivor = () -> {
            Lead lead = Lead.capture("s", T0, NOW, "salesforce", ExternalRef.salesforce("00Q1"), ProfilePatch.builder()
                    .set(ProfileField.EMAIL, "maria@acme.example").set(ProfileField.TITLE, "VP").build());
            lead.markStored(1);
            return lead;
        };
        Supplier<Lead> duplicate = () -> {
            Lead lead = Lead.capture("d", T1, NOW, "hubspot", ExternalRef.hubspot("77"), ProfilePatch.builder()
                    .set(ProfileField.TITLE, "COO").set(ProfileField.COUNTRY, "Germany").build());
            lead.markStored(1);
            return lead;
        };

        // when the duplicate is merged into the survivor
        PendingMerge merge = given(duplicate)
                .whenReturning(lead -> lead.mergeInto("s", T2, NOW))
                // then
                .expect(LeadErased.class, erased -> {
                    assertThat(erased.reason()).isEqualTo(LeadErased.Reason.MERGED);
                    assertThat(erased.mergedInto()).isEqualTo("s");
                })
                .then(lead -> {
                    assertThat(lead.refs()).isEmpty();
                    assertThat(lead.isActive()).isFalse();
                })
                .result();
        given(survivor)
                .when(lead -> lead.absorb("d", merge, NOW))
                .expect(LeadProfileUpdated.class, updated -> assertThat(updated.mergedLeadIds()).containsExactly("d"))
                .then(lead -> {
                    assertThat(lead.refs()).containsExactlyInAnyOrder("salesforce|00Q1", "hubspot|77");
                    assertThat(lead.toProfile().title()).isEqualTo("COO");
                    assertThat(lead.toProfile().country()).isEqualTo("DE");
                    assertThat(lead.toProfile().email()).isEqualTo("maria@acme.example");
                })
                // and absorbing the same lead again changes nothing
                .andWhenReturning(lead -> lead.absorb("d", merge, NOW))
                .expectResult(false)
                .expectNothing();
    }

    @Test
    void a_lead_merged_away_takes_no_more_changes_and_keeps_its_handover_until_the_survivor_took_it() {
        given(LeadTest::captured)
                .with(lead -> lead.mergeInto("survivor", T1, NOW), lead -> lead.markStored(2))
                .when(lead -> lead.recordActivity(new IncomingActivity("a-9", ActivityType.PAGE_VIEW, T2, null, null),
                        NOW))
                .expectRefusal(LeadNotActiveException.class, "merged into survivor")
                .then(lead -> {
                    assertThat(lead.pendingMerge().refs()).containsExactly("hubspot|1501");
                    assertThat(lead.pendingMerge().profile().email()).isEqualTo("maria.keller@acme-robotics.example");
                })
                .andWhen(Lead::completeMerge)
                .expectNothing()
                .then(lead -> {
                    assertThat(lead.pendingMerge()).isNull();
                    assertThat(lead.mergedInto()).isEqualTo("survivor");
                    assertThat(lead.isDirty()).isTrue();
                });
    }

    @Test
    void other_services_decisions_still_reach_an_erased_lead_and_each_event_counts_once() {
        LeadScored scored = GoldenSamples.event(LeadScored.class);
        given(LeadTest::captured)
                .with(lead -> lead.erase(Actor.user("olga"), NOW), lead -> lead.markStored(2))
                .whenReturning(lead -> lead.applyScore(scored, NOW))
                .expectResult(true)
                .expectNothing()
                .andWhenReturning(lead -> lead.applyScore(scored, NOW))
                .expectResult(false)
                .expectNothing()
                .then(lead -> {
                    assertThat(lead.score().total()).isEqualTo(66);
                    assertThat(lead.timeline()).extracting(TimelineEntry::kind)
                            .containsExactly("captured", "erased", "scored");
                });
    }

    @Test
    void a_removed_reference_leaves_the_lead_in_the_funnel_with_a_line_in_its_history() {
        given(LeadTest::captured)
                .whenReturning(lead -> lead.detachRef(ExternalRef.hubspot("1501"), T1, NOW))
                .expectResult(true)
                .expectNothing()
                .then(lead -> {
                    assertThat(lead.refs()).isEmpty();
                    assertThat(lead.isActive()).isTrue();
                    assertThat(lead.timeline()).last().satisfies(entry -> {
                        assertThat(entry.kind()).isEqualTo("reference-removed");
                        assertThat(entry.data()).containsEntry("system", "hubspot");
                    });
                })
                .andWhenReturning(lead -> lead.detachRef(ExternalRef.hubspot("1501"), T1, NOW))
                .expectResult(false);
    }

    @Test
    void lifecycle_events_set_stage_and_owner_once_and_newest_wins() {
        LeadStageChanged toMql = GoldenSamples.event(LeadStageChanged.class);
        HandoffAssigned assigned = GoldenSamples.event(HandoffAssigned.class);
        LeadStageChanged olderToLead = new LeadStageChanged(UUID.randomUUID(), "lead-1",
                toMql.occurredAt().minusSeconds(10), 1, "handoff-service", null, Stage.LEAD, 1, List.of(),
                Actor.system("test"), null, null, null, null);

        // read-model updates publish nothing
        given(LeadTest::captured)
                .whenReturning(lead -> lead.applyLifecycle(toMql, NOW)).expectResult(true).expectNothing()
                .andWhenReturning(lead -> lead.applyLifecycle(toMql, NOW)).expectResult(false).expectNothing()
                .andWhenReturning(lead -> lead.applyLifecycle(assigned, NOW)).expectResult(true).expectNothing()
                .andWhenReturning(lead -> lead.applyLifecycle(olderToLead, NOW)).expectResult(true).expectNothing()
                .then(lead -> {
                    assertThat(lead.stage()).isEqualTo(Stage.MQL);
                    assertThat(lead.owner()).isEqualTo("jonas.berg");
                    assertThat(lead.team()).isEqualTo("dach-mid-market");
                });
    }

    @Test
    void the_newest_score_wins() {
        LeadScored newer = GoldenSamples.event(LeadScored.class);
        LeadScored older = new LeadScored(UUID.randomUUID(), "lead-1", newer.occurredAt().minusSeconds(60), 1,
                "scoring-service", 10, 10, 10, "D", null, null, null, null, 2, List.of(), "event");

        given(LeadTest::captured)
                .with(lead -> lead.applyScore(newer, NOW))
                .when(lead -> lead.applyScore(older, NOW))
                .then(lead -> {
                    assertThat(lead.score().total()).isEqualTo(66);
                    assertThat(lead.score().grade()).isEqualTo("A");
                });
    }

    @Test
    void sequence_numbers_increase_per_lead() {
        given(LeadTest::captured)
                .when(lead -> lead.applyProfile(ProfilePatch.builder().set(ProfileField.TITLE, "COO").build(), T1,
                        NOW, "x"))
                .expect(LeadProfileUpdated.class, updated -> assertThat(updated.sequence()).isEqualTo(2L))
                .andWhen(lead -> lead.recordActivity(new IncomingActivity("a", ActivityType.PAGE_VIEW, T1, null,
                        null), NOW))
                .expect(LeadActivityRecorded.class, recorded -> assertThat(recorded.sequence()).isEqualTo(3L));
    }
}
