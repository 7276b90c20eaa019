package io.leadfunnel.runtime.consumer;

import io.leadfunnel.runtime.kafka.KafkaClients;
import io.leadfunnel.runtime.kafka.WithheldValueSerializer;
import io.leadfunnel.runtime.store.UnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends single poison records of a batch to the channel's dead-letter topic. In batch mode the connector's
 * {@code dead-letter-queue} strategy nacks the batch record by record with one cause, so it would dead-letter the good
 * records of a poll with the bad one; a batch consumer applies the good ones and hands the bad ones here instead.
 * Each dead letter carries what the connector's own puts on it: the record's key, value and headers, and the
 * {@code dead-letter-*} headers (exception class, reason, cause and its class, original topic, partition, offset), so
 * whoever reads {@code <topic>.dlq} cannot tell the two apart. The producer takes the service's one Kafka
 * configuration ({@link KafkaClients}: TLS, SASL), {@code acks=all}. {@link #send} returns once the broker acknowledged
 * every dead letter, so the poll is committed only after; while the broker does not answer it waits and tries again.
 * <p>
 * A topic of personal values has its dead letters sent with {@link Value#WITHHELD}: the same key and headers, and no
 * value, as the connector's strategy does with {@link WithheldValueSerializer} configured as the channel's dead-letter
 * value serializer. A dead-letter topic keeps its records, and nothing would erase a copy of the values there. The
 * causes are the caller's: for such a topic they must quote nothing of the value.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String EXCEPTION_CLASS_NAME = "dead-letter-exception-class-name";
    public static final String CAUSE_CLASS_NAME = "dead-letter-cause-class-name";
    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE = "dead-letter-cause";
    public static final String TOPIC = "dead-letter-topic";
    public static final String OFFSET = "dead-letter-offset";
    public static final String PARTITION = "dead-letter-partition";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

    /** What a dead letter carries of the record's value. */
    public enum Value {

        /** The value as consumed. */
        KEPT,

        /** None: the value is written by {@link WithheldValueSerializer}, for a topic of personal values. */
        WITHHELD
    }

    /** Builds the producer of one kind of dead letter; a test hands its own. */
    @FunctionalInterface
    interface Producers {
        Producer<String, String> create(String purpose, Map<String, Object> settings, Serializer<String> values);
    }

    private final Producers producers;
    private final Map<Value, Producer<String, String>> open = new EnumMap<>(Value.class);

    @Inject
    public DeadLetters(KafkaClients clients) {
        this(clients::producer);
    }

    DeadLetters(Producers producers) {
        this.producers = producers;
    }

    /** Dead-letters {@code poison} to {@code topic} as consumed, waiting for the broker's acknowledgement of each. */
    public void send(String topic, List<Poison> poison) {
        send(topic, poison, Value.KEPT);
    }

    /**
     * Dead-letters {@code poison} to {@code topic}, keeping or withholding the records' values, waiting for the
     * broker's acknowledgement of each.
     */
    public void send(String topic, List<Poison> poison, Value value) {
        if (poison.isEmpty()) {
            return;
        }
        UntilApplied.run("dead-lettering " + poison.size() + " records to " + topic,
                () -> sendOnce(topic, poison, value));
    }

    /** The dead letter of one poison record, as the connector's dead-letter strategy builds it. Visible for tests. */
    public static ProducerRecord<String, String> deadLetter(String topic, Poison poison) {
        ConsumerRecord<String, String> record = poison.record();
        ProducerRecord<String, String> dead = new ProducerRecord<>(topic, null, record.key(), record.value());
        Throwable reason = poison.cause();
        header(dead, EXCEPTION_CLASS_NAME, reason.getClass().getName());
        header(dead, REASON, message(reason));
        if (reason.getCause() != null) {
            header(dead, CAUSE_CLASS_NAME, reason.getCause().getClass().getName());
            header(dead, CAUSE, message(reason.getCause()));
        }
        header(dead, TOPIC, record.topic());
        header(dead, PARTITION, Integer.toString(record.partition()));
        header(dead, OFFSET, Long.toString(record.offset()));
        record.headers().forEach(h -> dead.headers().add(h));
        return dead;
    }

    private synchronized void sendOnce(String topic, List<Poison> poison, Value value) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try {
            Producer<String, String> producer = producer(value);
            for (Poison p : poison) {
                acks.add(producer.send(deadLetter(topic, p)));
            }
            long deadline = System.nanoTime() + SEND_TIMEOUT.toNanos();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            closeProducer(value);
            throw new UnavailableException("the broker did not acknowledge the dead letters on " + topic,
                    e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeProducer(value);
            throw new IllegalStateException("interrupted while dead-lettering to " + topic, e);
        }
        LOG.infof("dead-lettered %d records to %s", poison.size(), topic);
    }

    private Producer<String, String> producer(Value value) {
        return open.computeIfAbsent(value, kind -> producers.create(
                kind == Value.KEPT ? "dead-letters" : "dead-letters-withheld", Map.of(
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis(),
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis(),
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000),
                values(kind)));
    }

    /** The serializer of a dead letter's value: the record's own, or the one that writes none. */
    private static Serializer<String> values(Value value) {
        if (value == Value.KEPT) {
            return new StringSerializer();
        }
        Serializer<Object> withheld = new WithheldValueSerializer();
        return withheld::serialize;
    }

    private void closeProducer(Value value) {
        Producer<String, String> producer = open.remove(value);
        if (producer != null) {
            producer.close(Duration.ZERO);
        }
    }

    @PreDestroy
    synchronized void close() {
        List.copyOf(open.keySet()).forEach(this::closeProducer);
    }

    private static void header(ProducerRecord<String, String> record, String key, String value) {
        record.headers().add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String message(Throwable throwable) {
        return throwable.getMessage() == null ? throwable.toString() : throwable.getMessage();
    }
}
