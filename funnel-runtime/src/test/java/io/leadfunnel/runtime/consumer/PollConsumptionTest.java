package io.leadfunnel.runtime.consumer;

import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A poll through the shared steps: applied, counted once, poison dead-lettered with the value kept or withheld. */
class PollConsumptionTest {

    private final List<DeadLettersTest.Written> written = new ArrayList<>();
    private final DeadLetters deadLetters = new DeadLetters((purpose, own, values) ->
            new DeadLettersTest.RecordingProducer(purpose, values, written));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PollConsumption consumption = new PollConsumption(deadLetters, registry, key -> Optional.empty());

    private static ConsumerRecord<String, String> record(String topic, long offset, String lead, String value) {
        return new ConsumerRecord<>(topic, 0, offset, lead, value);
    }

    /** A record's value is "type" or "bad" (cannot be read); the lead is the key. */
    private static LeadPoll<String[]> poll(List<ConsumerRecord<String, String>> records) {
        return LeadPoll.read(records, r -> {
            if (r.value().equals("bad")) {
                throw new IllegalArgumentException("record " + r.offset() + " is not an event");
            }
            return Optional.of(new String[] {r.key(), r.value()});
        }, e -> e[0]);
    }

    private double count(String topic, String type, String outcome) {
        var counter = registry.find("funnel.consumed").tags("topic", topic, "type", type, "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void counts_each_record_once_even_when_the_poll_is_applied_again_after_a_transient_failure() {
        AtomicInteger attempts = new AtomicInteger();
        LeadPoll<String[]> poll = poll(List.of(record("lead.events", 0, "a", "LeadCaptured"),
                record("lead.events", 1, "b", "LeadCaptured"), record("lead.events", 2, "a", "ActivityRecorded")));

        consumption.consume(consumption.channel("events-in", "lead.events"), poll, leads -> {
            List<PollConsumption.Counted> counted = new ArrayList<>();
            leads.values().forEach(entries -> entries.forEach(e ->
                    counted.add(new PollConsumption.Counted(e.event()[1], "applied"))));
            if (attempts.incrementAndGet() == 1) {
                throw new MongoSocketReadException("connection reset", new ServerAddress());
            }
            return new PollConsumption.Applied(counted, List.of());
        });

        assertThat(attempts).hasValue(2);
        assertThat(count("lead.events", "LeadCaptured", "applied")).isEqualTo(2);
        assertThat(count("lead.events", "ActivityRecorded", "applied")).isEqualTo(1);
        assertThat(written).isEmpty();
    }

    @Test
    void sends_unreadable_and_refused_records_to_the_dead_letter_topic_and_counts_them() {
        ConsumerRecord<String, String> refused = record("lead.profiles", 1, "b", "ProfileChanged");
        LeadPoll<String[]> poll = poll(List.of(record("lead.profiles", 0, "a", "bad"), refused,
                record("lead.profiles", 2, "c", "ProfileChanged")));

        consumption.consume(new PollConsumption.Channel("lead.profiles", "lead.profiles.dlq",
                DeadLetters.Value.WITHHELD), poll, leads -> new PollConsumption.Applied(
                List.of(new PollConsumption.Counted("ProfileChanged", "applied")),
                leads.containsKey("b") ? List.of(new Poison(refused, new IllegalStateException("refused"))) : List.of()));

        assertThat(written).extracting(DeadLettersTest.Written::key).containsExactly("a", "b");
        assertThat(written).allSatisfy(dead -> assertThat(dead.value()).isNull());
        assertThat(written.get(0).header(DeadLetters.REASON)).isEqualTo("record 0 is not an event");
        assertThat(count("lead.profiles", "any", "dead-lettered")).isEqualTo(2);
        assertThat(count("lead.profiles", "ProfileChanged", "applied")).isEqualTo(1);
    }

    @Test
    void a_withheld_channel_dead_letters_what_it_cannot_apply_with_a_cause_that_quotes_nothing() {
        ConsumerRecord<String, String> refused = record("lead.profiles", 1, "b", "ProfileChanged");
        LeadPoll<String[]> poll = poll(List.of(record("lead.profiles", 0, "a", "bad"), refused,
                record("lead.profiles", 2, "c", "ProfileChanged")));

        consumption.consume(new PollConsumption.Channel("lead.profiles", "lead.profiles.dlq",
                DeadLetters.Value.WITHHELD), poll, leads -> {
            if (leads.containsKey("c")) {
                throw new IllegalStateException("stored title CEO cannot be read");
            }
            return new PollConsumption.Applied(List.of(), List.of(new Poison(refused,
                    new IllegalStateException("the store refused title CEO"))));
        });

        assertThat(written).extracting(DeadLettersTest.Written::key).containsExactly("a", "b", "c");
        assertThat(written.get(0).header(DeadLetters.REASON)).isEqualTo("record 0 is not an event");
        assertThat(written.get(1).header(DeadLetters.REASON))
                .isEqualTo("the lead.profiles record of lead b could not be applied (IllegalStateException)");
        assertThat(written.get(2).header(DeadLetters.REASON))
                .isEqualTo("the lead.profiles record of lead c could not be applied (IllegalStateException)");
        assertThat(count("lead.profiles", "any", "dead-lettered")).isEqualTo(3);
    }

    @Test
    void a_lead_that_fails_for_good_is_dead_lettered_alone_and_the_others_are_applied() {
        LeadPoll<String[]> poll = poll(List.of(record("lead.scores", 0, "a", "LeadScored"),
                record("lead.scores", 1, "b", "LeadScored")));

        consumption.consume(consumption.channel("scores-in", "lead.scores"), poll, leads -> {
            if (leads.containsKey("a")) {
                throw new IllegalStateException("lead a cannot be applied");
            }
            return new PollConsumption.Applied(List.of(new PollConsumption.Counted("LeadScored", "applied")),
                    List.of());
        });

        assertThat(written).singleElement().satisfies(dead -> {
            assertThat(dead.key()).isEqualTo("a");
            assertThat(new String(dead.value())).isEqualTo("LeadScored");
        });
        assertThat(count("lead.scores", "LeadScored", "applied")).isEqualTo(1);
    }

    @Test
    void counts_an_unknown_type_under_its_topic() {
        consumption.skippedUnknownType("lead.events", "LeadTeleported");

        assertThat(count("lead.events", "LeadTeleported", "unknown-type")).isEqualTo(1);
    }

    @Test
    void a_channels_dead_letters_go_to_the_topic_its_connector_names_or_else_to_the_topics_dlq() {
        PollConsumption configured = new PollConsumption(deadLetters, registry, key ->
                key.equals("mp.messaging.incoming.events-in.dead-letter-queue.topic") ? Optional.of("events.poison")
                        : Optional.empty());

        assertThat(configured.channel("events-in", "lead.events").deadLetterTopic()).isEqualTo("events.poison");
        assertThat(configured.channel("scores-in", "lead.scores"))
                .isEqualTo(new PollConsumption.Channel("lead.scores", "lead.scores.dlq", DeadLetters.Value.KEPT));
        assertThat(configured.channelWithheld("profiles-in", "lead.profiles"))
                .isEqualTo(new PollConsumption.Channel("lead.profiles", "lead.profiles.dlq", DeadLetters.Value.WITHHELD));
    }
}
