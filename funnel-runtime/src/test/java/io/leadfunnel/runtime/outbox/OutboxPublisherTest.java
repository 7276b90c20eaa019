package io.leadfunnel.runtime.outbox;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each lead's events reach the topic in the order they were written, whatever fails: sends that throw (no metadata),
 * acknowledgements that fail in the middle of a lead's events, a new producer after each failure (a broker restart),
 * and two relays publishing the same outboxes at once. Order means the order of each event's first copy: consumers
 * deduplicate on event id, so later copies change nothing.
 */
class OutboxPublisherTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void one_relay_keeps_each_leads_events_in_order_under_injected_send_failures() throws Exception {
        InMemoryOutboxStore store = new InMemoryOutboxStore();
        List<String> topic = new ArrayList<>();
        Random writes = new Random(7);
        int failures = 0;
        for (int round = 0; round < 60; round++) {
            // writers keep storing events between passes, several per lead
            for (int i = 0; i < 40; i++) {
                store.write("lead-" + writes.nextInt(50));
            }
            try {
                new OutboxPublisher(store, TIMEOUT).publish(new FlakyProducer(topic, round, 0.3), store.pending(200));
            } catch (OutboxPublisher.PublishFailedException e) {
                failures++;
            }
        }
        drain(store, topic);

        assertThat(failures).as("passes that met a failure").isGreaterThan(30);
        assertFirstCopiesInWrittenOrder(store.written(), topic);
    }

    @Test
    void two_relays_publishing_the_same_outboxes_keep_each_leads_events_in_order() throws Exception {
        InMemoryOutboxStore store = new InMemoryOutboxStore();
        List<String> topic = new ArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch relaysDone = new CountDownLatch(2);
        List<Thread> relays = new ArrayList<>();
        for (int instance = 0; instance < 2; instance++) {
            int seed = instance;
            Thread relay = new Thread(() -> {
                long pass = 0;
                while (writing.get() || store.pendingCount() > 0) {
                    try {
                        new OutboxPublisher(store, TIMEOUT).publish(
                                new FlakyProducer(topic, seed * 1_000_000L + pass++, 0.2), store.pending(20));
                    } catch (OutboxPublisher.PublishFailedException e) {
                        // the next pass starts again from what is still stored
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                relaysDone.countDown();
            });
            relays.add(relay);
            relay.start();
        }
        Random writes = new Random(11);
        for (int i = 0; i < 3_000; i++) {
            store.write("lead-" + writes.nextInt(40));
            if (i % 100 == 0) {
                Thread.sleep(1);
            }
        }
        writing.set(false);
        assertThat(relaysDone.await(60, TimeUnit.SECONDS)).as("both relays drained the outboxes").isTrue();

        assertThat(store.pendingCount()).isZero();
        assertFirstCopiesInWrittenOrder(store.written(), topic);
    }

    @Test
    void what_was_acknowledged_before_a_failure_is_cleared_and_the_rest_stays() {
        InMemoryOutboxStore store = new InMemoryOutboxStore();
        String first = store.write("lead-1");
        String second = store.write("lead-1");
        List<String> topic = new ArrayList<>();
        FailingAfter producer = new FailingAfter(topic, 1);

        assertThatThrownBy(() -> new OutboxPublisher(store, TIMEOUT).publish(producer, store.pending(10)))
                .isInstanceOf(OutboxPublisher.PublishFailedException.class);

        assertThat(topic).containsExactly("lead-1|" + first);
        assertThat(store.pending(10)).singleElement()
                .satisfies(p -> assertThat(p.events()).extracting(OutboxEvent::eventId).containsExactly(second));
    }

    private static void drain(InMemoryOutboxStore store, List<String> topic) throws InterruptedException {
        for (int pass = 0; store.pendingCount() > 0; pass++) {
            assertThat(pass).as("passes to drain the outboxes").isLessThan(1_000);
            try {
                new OutboxPublisher(store, TIMEOUT).publish(new FlakyProducer(topic, 1_000 + pass, 0.3),
                        store.pending(200));
            } catch (OutboxPublisher.PublishFailedException e) {
                // retried by the next pass
            }
        }
    }

    private static void assertFirstCopiesInWrittenOrder(Map<String, List<String>> written, List<String> topic) {
        Map<String, LinkedHashSet<String>> firstCopies = new LinkedHashMap<>();
        synchronized (topic) {
            for (String entry : topic) {
                String[] keyAndId = entry.split("\\|");
                firstCopies.computeIfAbsent(keyAndId[0], k -> new LinkedHashSet<>()).add(keyAndId[1]);
            }
        }
        assertThat(firstCopies.keySet()).containsExactlyInAnyOrderElementsOf(written.keySet());
        written.forEach((lead, ids) -> assertThat(List.copyOf(firstCopies.get(lead)))
                .as("first copies of %s's events on the topic", lead)
                .containsExactlyElementsOf(ids));
    }

    @Test
    void an_entry_naming_its_own_topic_goes_there_in_its_place_and_a_null_payload_is_a_tombstone() throws Exception {
        InMemoryOutboxStore store = new InMemoryOutboxStore();
        PendingOutbox outbox = new PendingOutbox("lead-1", 1, List.of(
                new OutboxEvent("e1/personal", "LeadPersonalData", "{\"email\":\"a@b.example\"}", "lead.profiles"),
                new OutboxEvent("e1", "LeadCaptured", "{\"eventId\":\"e1\"}"),
                new OutboxEvent("e2", "LeadErased", "{\"eventId\":\"e2\"}"),
                new OutboxEvent("e2/personal", "LeadPersonalData", null, "lead.profiles")));
        MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(),
                new StringSerializer());

        int acknowledged = new OutboxPublisher(store, TIMEOUT).publish(producer, List.of(outbox));

        assertThat(acknowledged).isEqualTo(4);
        assertThat(producer.history()).extracting(r -> r.topic() + " " + r.key() + " " + r.value())
                .containsExactly(
                        "lead.profiles lead-1 {\"email\":\"a@b.example\"}",
                        "lead.events lead-1 {\"eventId\":\"e1\"}",
                        "lead.events lead-1 {\"eventId\":\"e2\"}",
                        "lead.profiles lead-1 null");
    }

    /** Acknowledges the first {@code okSends} sends, then fails every acknowledgement. */
    private static final class FailingAfter extends FlakyProducer {
        private int left;

        FailingAfter(List<String> topic, int okSends) {
            super(topic, 0, 0);
            this.left = okSends;
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, String> record, Callback callback) {
            if (left-- > 0) {
                return super.send(record, callback);
            }
            return CompletableFuture.failedFuture(new NetworkException("down"));
        }
    }
}
