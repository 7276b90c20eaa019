package io.leadfunnel.runtime.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.RoundRobinPartitioner;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** What goes on the wire for a dead letter, its value kept or withheld, through producers that record the bytes. */
class DeadLettersTest {

    private static final String PERSONAL = "{\"leadId\":\"a\",\"email\":\"maria.keller@gmail.com\"}";

    /** A dead letter as the producer wrote it: the purpose of its producer, key, value bytes and headers. */
    record Written(String purpose, String key, byte[] value, List<Header> headers) {

        String header(String key) {
            return headers.stream().filter(h -> h.key().equals(key)).reduce((first, second) -> second)
                    .map(h -> new String(h.value(), StandardCharsets.UTF_8)).orElse(null);
        }
    }

    /** Acknowledges every send at once and keeps what the value serializer it was given wrote. */
    static final class RecordingProducer extends MockProducer<String, String> {

        private final String purpose;
        private final Serializer<String> values;
        private final List<Written> written;

        RecordingProducer(String purpose, Serializer<String> values, List<Written> written) {
            super(true, new RoundRobinPartitioner(), new StringSerializer(), values);
            this.purpose = purpose;
            this.values = values;
            this.written = written;
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, String> record, Callback callback) {
            written.add(new Written(purpose, record.key(),
                    values.serialize(record.topic(), record.headers(), record.value()),
                    List.of(record.headers().toArray())));
            return super.send(record, callback);
        }
    }

    private final List<Written> written = new ArrayList<>();
    private final List<Map<String, Object>> settings = new ArrayList<>();
    private final DeadLetters deadLetters = new DeadLetters((purpose, own, values) -> {
        settings.add(own);
        return new RecordingProducer(purpose, values, written);
    });

    private static Poison poison(long offset) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("lead.profiles", 1, offset, "a", PERSONAL);
        return new Poison(record, new IllegalArgumentException("the lead.profiles record of lead a is not valid"));
    }

    @Test
    void a_withheld_dead_letter_keeps_the_key_and_the_headers_and_writes_no_value() {
        deadLetters.send("lead.profiles.dlq", List.of(poison(7)), DeadLetters.Value.WITHHELD);

        assertThat(written).singleElement().satisfies(dead -> {
            assertThat(dead.purpose()).isEqualTo("dead-letters-withheld");
            assertThat(dead.key()).isEqualTo("a");
            assertThat(dead.value()).isNull();
            assertThat(dead.header(DeadLetters.REASON)).isEqualTo("the lead.profiles record of lead a is not valid");
            assertThat(dead.header(DeadLetters.EXCEPTION_CLASS_NAME))
                    .isEqualTo(IllegalArgumentException.class.getName());
            assertThat(dead.header(DeadLetters.TOPIC)).isEqualTo("lead.profiles");
            assertThat(dead.header(DeadLetters.PARTITION)).isEqualTo("1");
            assertThat(dead.header(DeadLetters.OFFSET)).isEqualTo("7");
            for (Header header : dead.headers()) {
                assertThat(new String(header.value(), StandardCharsets.UTF_8)).as(header.key())
                        .doesNotContain("maria.keller");
            }
        });
        assertThat(settings).singleElement().satisfies(own -> assertThat(own).containsEntry("acks", "all"));
    }

    @Test
    void a_kept_dead_letter_writes_the_value_as_consumed_through_its_own_producer() {
        deadLetters.send("lead.profiles.dlq", List.of(poison(7)), DeadLetters.Value.WITHHELD);
        deadLetters.send("lead.events.dlq", List.of(poison(8)));
        deadLetters.send("lead.profiles.dlq", List.of(poison(9)), DeadLetters.Value.WITHHELD);

        assertThat(written).extracting(Written::purpose)
                .containsExactly("dead-letters-withheld", "dead-letters", "dead-letters-withheld");
        assertThat(new String(written.get(1).value(), StandardCharsets.UTF_8)).isEqualTo(PERSONAL);
        assertThat(written.get(2).value()).isNull();
        assertThat(settings).hasSize(2);
    }
}
