package io.leadfunnel.runtime.kafka;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutageTolerantCommitTest {

    private final IncomingKafkaRecord<String, String> record = new IncomingKafkaRecord<>(
            new ConsumerRecord<>("lead.lifecycle", 2, 41L, "lead-1", "{}"), "lifecycle-in", 0, null, null, false, false);

    @Test
    void a_committed_offset_lookup_that_times_out_is_asked_again_until_the_broker_answers() {
        var throttled = new FailingFirst(3, () -> new TimeoutException(
                "Timeout of 60000ms expired before the last committed offset for partitions [lead.lifecycle-2] could be determined"));

        var received = new OutageTolerantCommit(throttled, null, "lifecycle-in").received(record)
                .await().atMost(Duration.ofSeconds(5));

        assertThat(received).isSameAs(record);
        assertThat(throttled.calls).hasValue(4);
    }

    @Test
    void any_other_failure_ends_the_step_as_before() {
        var throttled = new FailingFirst(1, () -> new IllegalStateException("not a timeout"));

        assertThatThrownBy(() -> new OutageTolerantCommit(throttled, null, "lifecycle-in").received(record)
                .await().atMost(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class).hasMessage("not a timeout");
        assertThat(throttled.calls).hasValue(1);
    }

    @Test
    void every_service_on_the_runtime_commits_through_it_by_default() throws Exception {
        Properties defaults = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/microprofile-config.properties")) {
            defaults.load(in);
        }
        assertThat(defaults.getProperty("mp.messaging.connector.smallrye-kafka.commit-strategy"))
                .isEqualTo(OutageTolerantCommit.NAME);
    }

    /** A throttled strategy whose lookup fails {@code failures} times before it answers. */
    private static final class FailingFirst implements KafkaCommitHandler {
        private final int failures;
        private final java.util.function.Supplier<RuntimeException> failure;
        final AtomicInteger calls = new AtomicInteger();

        FailingFirst(int failures, java.util.function.Supplier<RuntimeException> failure) {
            this.failures = failures;
            this.failure = failure;
        }

        @Override
        public <K, V> Uni<IncomingKafkaRecord<K, V>> received(IncomingKafkaRecord<K, V> record) {
            return calls.incrementAndGet() <= failures
                    ? Uni.createFrom().failure(failure.get())
                    : Uni.createFrom().item(record);
        }

        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record) {
            return Uni.createFrom().voidItem();
        }
    }
}
