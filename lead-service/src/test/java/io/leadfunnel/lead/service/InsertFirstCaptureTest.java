package io.leadfunnel.lead.service;

import io.leadfunnel.events.ActivityType;
import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.lead.domain.ExternalRef;
import io.leadfunnel.lead.domain.IncomingActivity;
import io.leadfunnel.lead.domain.Lead;
import io.leadfunnel.lead.domain.ProfileField;
import io.leadfunnel.lead.domain.ProfilePatch;
import io.leadfunnel.lead.repository.LeadRepository;
import io.leadfunnel.lead.webhook.DeliveryItems;
import io.leadfunnel.testing.MongoCommandCounter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A change that most likely names a new lead is inserted first; a duplicate key takes the look-up path. */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class InsertFirstCaptureTest {

    @Inject
    LeadIntake intake;

    @Inject
    DeliveryItems items;

    @Inject
    LeadRepository leads;

    @Inject
    MongoCommandCounter counter;

    @Test
    void a_new_lead_is_one_insert_without_a_look_up() {
        LeadChange change = newPerson(UUID.randomUUID().toString());
        IntakeResult[] result = new IntakeResult[1];

        List<String> commands = counter.commandsOf(() -> result[0] = intake.capture(change, () -> { }));

        assertThat(commands).containsExactly("insert leads");
        assertThat(result[0].created()).isTrue();
        Lead lead = leads.findLead(result[0].leadId()).orElseThrow();
        assertThat(lead.refs()).containsExactly(change.ref().key());
        assertThat(lead.timeline()).extracting(line -> line.kind()).containsExactly("captured", "activity");
        assertThat(leads.findDocument(lead.id()).orElseThrow().outbox).isNotEmpty();
    }

    @Test
    void a_known_person_falls_back_to_the_look_up_and_merges_into_the_lead() {
        String person = UUID.randomUUID().toString();
        String leadId = intake.capture(newPerson(person), () -> { }).leadId();
        LeadChange other = new LeadChange("webhook:other", ExternalRef.generic("other", person),
                Instant.now(), ProfilePatch.builder().set(ProfileField.EMAIL, person + "@acme.example")
                .set(ProfileField.TITLE, "CTO").build(), List.of());
        AtomicInteger lookUps = new AtomicInteger();

        IntakeResult result = intake.capture(other, lookUps::incrementAndGet);

        assertThat(lookUps).hasValue(1);
        assertThat(result.leadId()).isEqualTo(leadId);
        assertThat(result.created()).isFalse();
        Lead lead = leads.findLead(leadId).orElseThrow();
        assertThat(lead.refs()).containsExactlyInAnyOrder("generic:insert-first|" + person, "generic:other|" + person);
        assertThat(lead.toProfile().title()).isEqualTo("CTO");
    }

    @Test
    void a_refusal_before_the_look_up_stores_nothing() {
        String person = UUID.randomUUID().toString();
        String leadId = intake.capture(newPerson(person), () -> { }).leadId();
        long version = leads.findLead(leadId).orElseThrow().state().version();
        LeadChange again = new LeadChange("api", null, Instant.now(), ProfilePatch.builder()
                .set(ProfileField.EMAIL, person + "@acme.example").set(ProfileField.TITLE, "CEO").build(), List.of());

        assertThatThrownBy(() -> intake.capture(again, () -> {
            throw new LeadExistsException(leadId);
        })).isInstanceOf(LeadExistsException.class);

        assertThat(leads.findLead(leadId).orElseThrow().toProfile().title()).isNull();
        assertThat(leads.findLead(leadId).orElseThrow().state().version()).isGreaterThanOrEqualTo(version);
        assertThat(leads.count("email", person + "@acme.example")).isEqualTo(1);
    }

    @Test
    void a_replayed_delivery_captures_once_and_changes_nothing() {
        LeadChange change = newPerson(UUID.randomUUID().toString());
        DeliveryItems.Item item = new DeliveryItems.Item(UUID.randomUUID().toString(), change, "item 0");

        DeliveryItems.Outcome first = items.store("webhook:insert-first", List.of(item)).get(0);
        DeliveryItems.Outcome replay = items.store("webhook:insert-first", List.of(item)).get(0);
        IntakeResult resent = intake.capture(change, () -> { });

        assertThat(first.duplicate()).isFalse();
        assertThat(replay.duplicate()).isTrue();
        assertThat(replay.leadIds()).isEqualTo(first.leadIds());
        assertThat(resent.leadId()).isEqualTo(first.leadIds().get(0));
        assertThat(resent.created()).isFalse();
        assertThat(resent.changed()).isFalse();
        assertThat(leads.count("email", change.profile().get(ProfileField.EMAIL))).isEqualTo(1);
    }

    @Test
    void fifty_concurrent_captures_of_one_new_email_give_one_lead_holding_every_reference() throws Exception {
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
                    return intake.capture(new LeadChange("webhook:race", ref, Instant.now(),
                            ProfilePatch.builder().set(ProfileField.EMAIL, email).build(), List.of()), () -> { });
                };
                results.add(pool.submit(delivery));
            }
            start.countDown();
            Set<String> leadIds = new HashSet<>();
            int created = 0;
            for (Future<IntakeResult> result : results) {
                leadIds.add(result.get().leadId());
                created += result.get().created() ? 1 : 0;
            }

            assertThat(leadIds).hasSize(1);
            assertThat(created).isEqualTo(1);
            assertThat(leads.count("email", email)).isEqualTo(1);
            assertThat(leads.findByEmail(email).orElseThrow().refs()).hasSize(deliveries);
        } finally {
            pool.shutdownNow();
        }
    }

    private static LeadChange newPerson(String person) {
        Instant at = Instant.now().minusSeconds(5);
        return new LeadChange("webhook:insert-first", ExternalRef.generic("insert-first", person), at,
                ProfilePatch.builder().set(ProfileField.EMAIL, person + "@acme.example")
                        .set(ProfileField.COMPANY, "Acme Robotics").build(),
                List.of(new IncomingActivity("demo", ActivityType.DEMO_REQUESTED, at, null, Map.of())));
    }
}
