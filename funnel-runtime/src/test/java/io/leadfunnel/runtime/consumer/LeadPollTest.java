package io.leadfunnel.runtime.consumer;

import com.mongodb.MongoTimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a poll, grouping it by lead, isolating poison, and the dead letter of a poison record. */
class LeadPollTest {

    /** A record whose value is {@code lead:payload}; {@code bad} cannot be read, {@code unknown} is skipped. */
    private static ConsumerRecord<String, String> record(long offset, String value) {
        return new ConsumerRecord<>("lead.events", 2, offset, value.split(":")[0], value);
    }

    private static Optional<String> read(ConsumerRecord<String, String> record) {
        if (record.value().endsWith("bad")) {
            throw new IllegalArgumentException("unreadable at " + record.offset(), new IllegalStateException("why"));
        }
        return record.value().endsWith("unknown") ? Optional.empty() : Optional.of(record.value());
    }

    private static LeadPoll<String> poll(String... values) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            records.add(record(i, values[i]));
        }
        return LeadPoll.read(records, LeadPollTest::read, v -> v.split(":")[0]);
    }

    @Test
    void groups_by_lead_keeping_each_leads_order_and_sets_aside_what_cannot_be_read() {
        LeadPoll<String> poll = poll("a:1", "b:1", "a:2", "c:bad", "b:unknown", "a:3", "b:2");

        assertThat(poll.size()).isEqualTo(7);
        assertThat(poll.byLead().keySet()).containsExactly("a", "b");
        assertThat(poll.byLead().get("a")).extracting(LeadPoll.Entry::event).containsExactly("a:1", "a:2", "a:3");
        assertThat(poll.byLead().get("b")).extracting(LeadPoll.Entry::event).containsExactly("b:1", "b:2");
        assertThat(poll.unreadable()).singleElement().satisfies(p -> {
            assertThat(p.record().offset()).isEqualTo(3);
            assertThat(p.cause()).hasMessage("unreadable at 3");
        });
    }

    @Test
    void a_transient_failure_is_waited_out_and_the_whole_poll_applied_again() {
        AtomicInteger calls = new AtomicInteger();
        LeadPoll<String> poll = poll("a:1", "b:1");

        List<Poison> poison = PollApplication.apply("poll", poll.byLead(), leads -> {
            if (calls.incrementAndGet() == 1) {
                throw new MongoTimeoutException("down");
            }
            assertThat(leads.keySet()).containsExactly("a", "b");
            return List.of();
        });

        assertThat(poison).isEmpty();
        assertThat(calls).hasValue(2);
    }

    @Test
    void a_failure_for_good_is_pinned_on_its_lead_and_the_other_leads_are_applied() {
        List<String> applied = new ArrayList<>();
        LeadPoll<String> poll = poll("a:1", "b:1", "b:2", "c:1");

        List<Poison> poison = PollApplication.apply("poll", poll.byLead(), leads -> {
            if (leads.containsKey("b")) {
                throw new IllegalStateException("b is broken");
            }
            applied.addAll(leads.keySet());
            return List.of();
        });

        assertThat(applied).containsExactly("a", "c");
        assertThat(poison).extracting(p -> p.record().value()).containsExactly("b:1", "b:2");
        assertThat(poison).allSatisfy(p -> assertThat(p.cause()).hasMessage("b is broken"));
    }

    @Test
    void poison_the_work_returns_is_passed_on() {
        LeadPoll<String> poll = poll("a:1", "a:2");
        Map<String, List<LeadPoll.Entry<String>>> leads = poll.byLead();

        List<Poison> poison = PollApplication.apply("poll", leads,
                given -> List.of(new Poison(given.get("a").get(1).record(), new IllegalArgumentException("no"))));

        assertThat(poison).extracting(p -> p.record().value()).containsExactly("a:2");
    }

    @Test
    void a_dead_letter_carries_the_record_and_the_connectors_headers() {
        ConsumerRecord<String, String> record = record(41, "a:bad");
        record.headers().add("traceparent", "t".getBytes(StandardCharsets.UTF_8));

        ProducerRecord<String, String> dead = DeadLetters.deadLetter("lead.events.dlq",
                new Poison(record, new IllegalArgumentException("unreadable", new IllegalStateException("why"))));

        assertThat(dead.topic()).isEqualTo("lead.events.dlq");
        assertThat(dead.key()).isEqualTo("a");
        assertThat(dead.value()).isEqualTo("a:bad");
        assertThat(header(dead, DeadLetters.EXCEPTION_CLASS_NAME)).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(header(dead, DeadLetters.REASON)).isEqualTo("unreadable");
        assertThat(header(dead, DeadLetters.CAUSE_CLASS_NAME)).isEqualTo(IllegalStateException.class.getName());
        assertThat(header(dead, DeadLetters.CAUSE)).isEqualTo("why");
        assertThat(header(dead, DeadLetters.TOPIC)).isEqualTo("lead.events");
        assertThat(header(dead, DeadLetters.PARTITION)).isEqualTo("2");
        assertThat(header(dead, DeadLetters.OFFSET)).isEqualTo("41");
        assertThat(header(dead, "traceparent")).isEqualTo("t");
    }

    private static String header(ProducerRecord<String, String> record, String key) {
        return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }
}
