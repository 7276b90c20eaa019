package io.leadfunnel.runtime.outbox;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The relay's passes over the in-memory store: handed outboxes are published without reading the store, the sweep
 * ({@link OutboxStore#pending}) runs only at start, after a failure or an erasure, on overflow and on its timer.
 */
class OutboxDispatcherTest {

    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);

    private final InMemoryOutboxStore store = new InMemoryOutboxStore();
    private final List<String> topic = new ArrayList<>();
    private final AtomicLong now = new AtomicLong();
    private OutboxSignal signal = new OutboxSignal(100);
    private FlakyProducer producer = new FlakyProducer(topic, 1, 0);
    private OutboxDispatcher dispatcher;

    @BeforeEach
    void startWithItsSweep() throws InterruptedException {
        dispatcher = dispatcher(signal);
        assertThat(dispatcher.pass(() -> producer)).isZero();
        assertThat(store.scans()).as("the sweep at start").isEqualTo(1);
    }

    private OutboxDispatcher dispatcher(OutboxSignal signal) {
        return new OutboxDispatcher(store, signal, Duration.ofSeconds(5), 50, SWEEP_INTERVAL, 1_000, now::get);
    }

    private void hand(PendingOutbox outbox) {
        signal.stored(outbox.leadId(), outbox.readVersion(), outbox.events());
    }

    private String writeAndHand(String leadId) {
        PendingOutbox outbox = store.writeAndSnapshot(leadId);
        hand(outbox);
        return outbox.events().get(outbox.events().size() - 1).eventId();
    }

    @Test
    void handed_outboxes_are_published_and_cleared_without_reading_the_store() throws Exception {
        String a = writeAndHand("lead-a");
        String b = writeAndHand("lead-b");
        String a2 = writeAndHand("lead-a");
        assertThat(dispatcher.pendingLeads()).isEqualTo(2);

        assertThat(dispatcher.pass(() -> producer)).isEqualTo(3);

        assertThat(topic).containsExactly("lead-a|" + a, "lead-b|" + b, "lead-a|" + a2);
        assertThat(store.scans()).as("no sweep after the one at start").isEqualTo(1);
        assertThat(store.pendingCount()).as("cleared with the version guard, flags too").isZero();
        assertThat(dispatcher.pendingLeads()).isZero();
        assertThat(dispatcher.idle()).isTrue();
    }

    @Test
    void the_newest_snapshot_of_a_lead_wins_and_an_older_one_handed_late_is_ignored() throws Exception {
        PendingOutbox first = store.writeAndSnapshot("lead-a");
        PendingOutbox second = store.writeAndSnapshot("lead-a");
        hand(second);
        hand(first);
        assertThat(signal.handed().size()).isEqualTo(1);

        dispatcher.pass(() -> producer);

        assertThat(topic).containsExactly("lead-a|" + first.events().get(0).eventId(),
                "lead-a|" + second.events().get(1).eventId());
        hand(first);
        assertThat(dispatcher.pass(() -> producer)).isZero();
        assertThat(topic).hasSize(2);
        assertThat(store.scans()).isEqualTo(1);
    }

    @Test
    void an_event_a_later_snapshot_still_lists_is_not_published_twice() throws Exception {
        PendingOutbox first = store.writeAndSnapshot("lead-a");
        hand(first);
        // written before the relay cleared the first event, handed over after
        PendingOutbox second = store.writeAndSnapshot("lead-a");
        dispatcher.pass(() -> producer);
        assertThat(store.stored("lead-a")).containsExactly(second.events().get(1).eventId());
        hand(second);
        dispatcher.pass(() -> producer);
        PendingOutbox third = store.writeAndSnapshot("lead-a");
        hand(third);
        dispatcher.pass(() -> producer);

        assertThat(topic).containsExactly("lead-a|" + first.events().get(0).eventId(),
                "lead-a|" + second.events().get(1).eventId(), "lead-a|" + third.events().get(0).eventId());
        assertThat(store.stored("lead-a")).isEmpty();
        assertThat(store.scans()).isEqualTo(1);
    }

    @Test
    void an_erasure_drops_the_snapshots_handed_before_it_and_the_sweep_publishes_what_is_stored() throws Exception {
        List<Runnable> discarded = new ArrayList<>();
        signal.onRewritten(() -> discarded.add(() -> { }));
        String event = writeAndHand("lead-a");
        store.rewrite("lead-a", payload -> payload.replace("eventId", "scrubbed"));
        signal.rewritten();

        assertThat(signal.handed().isEmpty()).isTrue();
        assertThat(discarded).as("in-flight sends dropped").hasSize(1);
        dispatcher.pass(() -> producer);

        assertThat(store.scans()).as("a sweep after the erasure").isEqualTo(2);
        assertThat(topic).containsExactly("lead-a|" + event);
        assertThat(producer.history()).extracting(ProducerRecord::value).containsExactly("{\"scrubbed\":\"" + event + "\"}");
    }

    @Test
    void a_snapshot_taken_before_an_erasure_is_not_sent_even_when_the_pass_had_taken_it() throws Exception {
        writeAndHand("lead-a");
        // the erasure lands while the pass takes its producer
        assertThat(dispatcher.pass(() -> {
            signal.rewritten();
            return producer;
        })).isZero();
        assertThat(topic).isEmpty();

        dispatcher.pass(() -> producer);
        assertThat(topic).hasSize(1);
        assertThat(store.scans()).isEqualTo(2);
    }

    @Test
    void a_broker_failure_is_followed_by_a_sweep_and_nothing_is_lost() throws Exception {
        String a = writeAndHand("lead-a");
        String b = writeAndHand("lead-b");
        FlakyProducer failing = new FlakyProducer(topic, 2, 1.0);
        assertThatThrownBy(() -> dispatcher.pass(() -> failing))
                .isInstanceOf(OutboxPublisher.PublishFailedException.class);
        dispatcher.failed();
        assertThat(dispatcher.idle()).isFalse();

        dispatcher.pass(() -> producer);

        assertThat(store.scans()).isEqualTo(2);
        assertThat(topic).containsExactlyInAnyOrder("lead-a|" + a, "lead-b|" + b);
        assertThat(store.pendingCount()).isZero();
    }

    @Test
    void a_store_failure_while_clearing_is_followed_by_a_sweep_that_does_not_publish_again() throws Exception {
        String a = writeAndHand("lead-a");
        OutboxStore failingOnce = new OutboxStore() {
            private boolean failed;

            @Override
            public String topic() {
                return store.topic();
            }

            @Override
            public List<PendingOutbox> pending(int limit) {
                return store.pending(limit);
            }

            @Override
            public void published(List<Published> published) {
                if (!failed) {
                    failed = true;
                    throw new IllegalStateException("MongoDB went away");
                }
                store.published(published);
            }

            @Override
            public long pendingCount() {
                return store.pendingCount();
            }
        };
        OutboxSignal ownSignal = new OutboxSignal(100);
        OutboxDispatcher relay = new OutboxDispatcher(failingOnce, ownSignal, Duration.ofSeconds(5), 50,
                SWEEP_INTERVAL, 1_000, now::get);
        assertThatThrownBy(() -> relay.pass(() -> producer)) // its start sweep publishes, and cannot clear
                .hasMessageContaining("MongoDB went away");
        assertThat(topic).containsExactly("lead-a|" + a);
        relay.failed();

        relay.pass(() -> producer);

        assertThat(topic).as("acknowledged before, cleared now, not sent again").containsExactly("lead-a|" + a);
        assertThat(store.pendingCount()).isZero();
    }

    @Test
    void the_timer_sweep_finds_an_outbox_another_instance_wrote() throws Exception {
        String other = store.write("lead-other");
        assertThat(dispatcher.pass(() -> producer)).isZero();
        assertThat(dispatcher.idle()).isTrue();
        assertThat(dispatcher.untilNextSweep()).isEqualTo(SWEEP_INTERVAL.toNanos());

        now.addAndGet(SWEEP_INTERVAL.toNanos());
        assertThat(dispatcher.untilNextSweep()).isZero();
        dispatcher.pass(() -> producer);

        assertThat(topic).containsExactly("lead-other|" + other);
        assertThat(store.scans()).isEqualTo(2);
        assertThat(store.pendingCount()).isZero();
    }

    @Test
    void a_timer_sweep_under_load_reads_one_batch_when_everything_it_finds_was_handed_over() throws Exception {
        // given more leads written and handed over than a batch holds, all still pending in the store
        List<String> leads = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            leads.add("lead-" + i);
            writeAndHand(leads.get(i));
        }
        int scans = store.scans();

        // when the timer's sweep comes before the handed passes took them
        now.addAndGet(SWEEP_INTERVAL.toNanos());
        for (int pass = 0; !dispatcher.idle(); pass++) {
            assertThat(pass).isLessThan(10);
            dispatcher.pass(() -> producer);
        }

        // then it read one batch, found every outbox in hand, and left the rest to the handed passes
        assertThat(store.scans()).isEqualTo(scans + 1);
        assertThat(topic).extracting(e -> e.split("\\|")[0]).containsExactlyInAnyOrderElementsOf(leads);
        assertThat(store.pendingCount()).isZero();
    }

    @Test
    void a_sweep_goes_on_while_it_finds_outboxes_nobody_handed_over() throws Exception {
        // given more leads than a batch holds written by another instance, nothing handed over here
        List<String> leads = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            leads.add("lead-" + i);
            store.write(leads.get(i));
        }
        int scans = store.scans();

        // when the timer's sweep comes
        now.addAndGet(SWEEP_INTERVAL.toNanos());
        dispatcher.pass(() -> producer);
        for (int pass = 0; !dispatcher.idle(); pass++) {
            assertThat(pass).isLessThan(10);
            dispatcher.pass(() -> producer);
        }

        // then it read batches until it found fewer than a batch, and published every one
        assertThat(store.scans()).isEqualTo(scans + 2);
        assertThat(topic).extracting(e -> e.split("\\|")[0]).containsExactlyInAnyOrderElementsOf(leads);
        assertThat(store.pendingCount()).isZero();
    }

    @Test
    void a_sweep_counts_what_it_found_and_did_not_publish() throws Exception {
        store.write("lead-a");
        store.write("lead-b");
        now.addAndGet(SWEEP_INTERVAL.toNanos());
        FlakyProducer failing = new FlakyProducer(topic, 3, 1.0);
        assertThatThrownBy(() -> dispatcher.pass(() -> failing))
                .isInstanceOf(OutboxPublisher.PublishFailedException.class);
        dispatcher.failed();
        assertThat(dispatcher.pendingLeads()).isEqualTo(2);

        dispatcher.pass(() -> producer);
        assertThat(dispatcher.pendingLeads()).isZero();
    }

    @Test
    void past_the_limit_the_handed_outboxes_are_dropped_and_a_sweep_publishes_them() throws Exception {
        signal = new OutboxSignal(2);
        dispatcher = dispatcher(signal);
        dispatcher.pass(() -> producer);
        int scans = store.scans();
        writeAndHand("lead-a");
        writeAndHand("lead-b");
        writeAndHand("lead-c");
        assertThat(signal.handed().size()).isLessThanOrEqualTo(2);

        for (int pass = 0; !dispatcher.idle(); pass++) {
            assertThat(pass).isLessThan(10);
            dispatcher.pass(() -> producer);
        }

        assertThat(store.scans()).isEqualTo(scans + 1);
        assertThat(topic).extracting(e -> e.split("\\|")[0]).containsExactlyInAnyOrder("lead-a", "lead-b", "lead-c");
        assertThat(store.pendingCount()).isZero();
    }

    @Test
    void writers_and_a_flaky_broker_keep_each_leads_events_in_order_with_one_sweep_per_failure() throws Exception {
        Random writes = new Random(5);
        int failures = 0;
        for (int round = 0; round < 200; round++) {
            for (int i = 0; i < 5; i++) {
                writeAndHand("lead-" + writes.nextInt(20));
            }
            FlakyProducer flaky = new FlakyProducer(topic, 100 + round, 0.1);
            try {
                dispatcher.pass(() -> flaky);
            } catch (OutboxPublisher.PublishFailedException e) {
                failures++;
                dispatcher.failed();
            }
        }
        for (int pass = 0; !dispatcher.idle() || store.pendingCount() > 0; pass++) {
            assertThat(pass).as("passes to drain the outboxes").isLessThan(100);
            if (dispatcher.idle()) {
                now.addAndGet(SWEEP_INTERVAL.toNanos()); // what is left (flags of outboxes cleared meanwhile)
            }
            dispatcher.pass(() -> producer);
        }

        assertThat(failures).isPositive();
        assertThat(store.scans()).as("scans: start, one per failure, the final ones").isLessThan(failures * 2 + 10);
        List<String> ids = topic.stream().map(e -> e.split("\\|")[1]).toList();
        store.written().forEach((lead, written) -> assertThat(ids.stream().filter(id -> id.startsWith(lead + "-e"))
                .distinct().toList()).as("first copies of %s", lead).containsExactlyElementsOf(written));
    }
}
