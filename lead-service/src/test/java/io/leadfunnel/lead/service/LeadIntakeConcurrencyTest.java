package io.leadfunnel.lead.service;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadErased;
import io.leadfunnel.events.LeadProfileUpdated;
import io.leadfunnel.events.Topics;
import io.leadfunnel.lead.domain.ExternalRef;
import io.leadfunnel.lead.domain.Lead;
import io.leadfunnel.lead.domain.ProfileField;
import io.leadfunnel.lead.domain.ProfilePatch;
import io.leadfunnel.lead.repository.LeadRepository;
import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class LeadIntakeConcurrencyTest {

    @Inject
    LeadIntake intake;

    @Inject
    LeadRepository leads;

    @Test
    void fifty_concurrent_deliveries_of_one_new_email_give_one_lead() throws Exception {
        // given 50 deliveries of the same new person, each with its own sender reference
        String email = "race-" + UUID.randomUUID() + "@acme.example";
        int deliveries = 50;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<IntakeResult>> results = new ArrayList<>();
        try {
            for (int i = 0; i < deliveries; i++) {
                ExternalRef ref = ExternalRef.generic("race", email + "#" + i);
                Callable<IntakeResult> delivery = () -> {
                    start.await();
                    return intake.receive(new LeadChange("webhook:race", ref, Instant.now(),
                            ProfilePatch.builder().set(ProfileField.EMAIL, email).build(), List.of()));
                };
                results.add(pool.submit(delivery));
            }
            // when they all arrive at once
            start.countDown();
            Set<String> leadIds = new java.util.HashSet<>();
            int created = 0;
            for (Future<IntakeResult> result : results) {
                leadIds.add(result.get().leadId());
                created += result.get().created() ? 1 : 0;
            }

            // then there is one lead, holding every reference, captured once
            assertThat(leadIds).hasSize(1);
            assertThat(leads.count("email", email)).isEqualTo(1);
            Lead lead = leads.findByEmail(email).orElseThrow();
            List<String> outcomes = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                String key = ExternalRef.generic("race", email + "#" + i).key();
                if (!lead.refs().contains(key)) {
                    outcomes.add(i + ": " + results.get(i).get());
                }
            }
            assertThat(outcomes).as("deliveries whose reference is missing").isEmpty();
            assertThat(lead.refs()).hasSize(deliveries);
            assertThat(created).isEqualTo(1);
            List<FunnelEvent> events = eventsOf(lead.id(), 1);
            assertThat(events).filteredOn(LeadCaptured.class::isInstance).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_lead_given_the_email_of_another_lead_is_merged_into_the_older_one() {
        // given a Salesforce lead with an e-mail, and a later HubSpot contact without one
        String email = "merge-" + UUID.randomUUID() + "@acme.example";
        Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
        String salesforceId = "00Q" + UUID.randomUUID().toString().substring(0, 12);
        String hubspotId = Long.toString(System.nanoTime());
        String older = intake.receive(new LeadChange("salesforce", ExternalRef.salesforce(salesforceId), t0,
                ProfilePatch.builder().set(ProfileField.EMAIL, email).set(ProfileField.COMPANY, "Acme").build(),
                List.of())).leadId();
        String newer = intake.receive(new LeadChange("hubspot", ExternalRef.hubspot(hubspotId), t0.plusSeconds(60),
                ProfilePatch.builder().set(ProfileField.TITLE, "CTO").build(), List.of())).leadId();
        assertThat(newer).isNotEqualTo(older);

        // when HubSpot reports that contact's e-mail
        IntakeResult result = intake.receive(new LeadChange("hubspot", ExternalRef.hubspot(hubspotId),
                t0.plusSeconds(120), ProfilePatch.builder().set(ProfileField.EMAIL, email).build(), List.of()));

        // then both are one lead: the older survives with both references and the newer title
        assertThat(result.leadId()).isEqualTo(older);
        Lead survivor = leads.findLead(older).orElseThrow();
        assertThat(survivor.refs()).containsExactlyInAnyOrder("salesforce|" + salesforceId, "hubspot|" + hubspotId);
        assertThat(survivor.toProfile().title()).isEqualTo("CTO");
        assertThat(survivor.toProfile().company()).isEqualTo("Acme");
        Lead absorbed = leads.findLead(newer).orElseThrow();
        assertThat(absorbed.mergedInto()).isEqualTo(older);
        assertThat(absorbed.pendingMerge()).isNull();

        assertThat(eventsOf(newer, 2)).last().isInstanceOfSatisfying(LeadErased.class, erased -> {
            assertThat(erased.reason()).isEqualTo(LeadErased.Reason.MERGED);
            assertThat(erased.mergedInto()).isEqualTo(older);
        });
        assertThat(eventsOf(older, 2)).last().isInstanceOfSatisfying(LeadProfileUpdated.class,
                updated -> assertThat(updated.mergedLeadIds()).containsExactly(newer));
    }

    /** Waits until the lead has at least {@code count} events on lead.events and returns them in sequence order. */
    private static List<FunnelEvent> eventsOf(String leadId, int count) {
        TopicReader reader = new TopicReader();
        List<FunnelEvent> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            events.clear();
            reader.readAll(Topics.LEAD_EVENTS, Duration.ofSeconds(20)).stream()
                    .filter(r -> leadId.equals(r.key()))
                    .map(TopicReader::decode)
                    .forEach(events::add);
            assertThat(events).hasSizeGreaterThanOrEqualTo(count);
        });
        events.sort(java.util.Comparator.comparingLong(e -> ((io.leadfunnel.events.LeadEvent) e).sequence()));
        assertThat(events.stream().map(FunnelEvent::eventId).collect(Collectors.toSet())).hasSize(events.size());
        return events;
    }
}
