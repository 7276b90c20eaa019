package io.leadfunnel.lead.webhook;

import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.lead.domain.ExternalRef;
import io.leadfunnel.lead.repository.LeadRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static io.leadfunnel.lead.webhook.WebhookClient.uniqueId;
import static io.leadfunnel.lead.webhook.WebhookSamples.array;
import static io.leadfunnel.lead.webhook.WebhookSamples.hubspotChange;
import static org.assertj.core.api.Assertions.assertThat;

/** Senders retry and fan out: many deliveries about one new person at once still make one lead. */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class WebhookConcurrencyTest {

    private static final int DELIVERIES = 50;
    private static final int THREADS = 16;

    @Inject
    LeadRepository leads;

    @Test
    void fifty_concurrent_generic_deliveries_of_one_new_email_make_exactly_one_lead() throws Exception {
        String email = "crowd-" + uniqueId() + "@example.org";
        List<Response> answers = concurrently(i -> {
            String body = "{\"eventId\":\"crowd-" + i + "-" + email + "\",\"email\":\"" + email
                    + "\",\"firstName\":\"Crowd\"}";
            return WebhookClient.generic(body);
        });

        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(200));
        assertThat(leads.count("email", email)).isEqualTo(1);
        String leadId = leads.findByEmail(email).orElseThrow().id();
        assertThat(answers).allSatisfy(answer ->
                assertThat(answer.jsonPath().getList("leads", String.class)).containsExactly(leadId));
    }

    @Test
    void fifty_concurrent_hubspot_deliveries_for_one_new_contact_make_exactly_one_lead() throws Exception {
        long contact = uniqueId();
        String email = "contact-" + contact + "@example.org";
        long occurredAt = System.currentTimeMillis() - 1_000;
        List<Response> answers = concurrently(i -> WebhookClient.hubspot(array(List.of(
                hubspotChange(uniqueId(), contact, occurredAt, "email", email)))));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(200));
        assertThat(leads.count("refs", ExternalRef.hubspot(Long.toString(contact)).key())).isEqualTo(1);
        assertThat(leads.count("email", email)).isEqualTo(1);
    }

    private static List<Response> concurrently(IntFunction<Response> delivery) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < DELIVERIES; i++) {
                int n = i;
                Callable<Response> call = () -> {
                    start.await();
                    return delivery.apply(n);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<Response> answers = new ArrayList<>();
            for (Future<Response> future : futures) {
                answers.add(future.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
