package io.leadfunnel.runtime.consumer;

import io.leadfunnel.runtime.kafka.KafkaClients;
import io.leadfunnel.runtime.store.UnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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

    private final KafkaClients clients;
    private KafkaProducer<String, String> producer;

    public DeadLetters(KafkaClients clients) {
        this.clients = clients;
    }

    /** Dead-letters {@code poison} to {@code topic}, waiting for the broker's acknowledgement of each. */
    public void send(String topic, List<Poison> poison) {
        if (poison.isEmpty()) {
            return;
        }
        UntilApplied.run("dead-lettering " + poison.size() + " records to " + topic, () -> sendOnce(topic, poison));
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

    private synchronized void sendOnce(String topic, List<Poison> poison) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try {
            for (Poison p : poison) {
                acks.add(producer().send(deadLetter(topic, p)));
            }
            long deadline = System.nanoTime() + SEND_TIMEOUT.toNanos();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            closeProducer();
            throw new UnavailableException("the broker did not acknowledge the dead letters on " + topic,
                    e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeProducer();
            throw new IllegalStateException("interrupted while dead-lettering to " + topic, e);
        }
        LOG.infof("dead-lettered %d records to %s", poison.size(), topic);
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = clients.producer("dead-letters", Map.of(
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis(),
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis(),
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    @PreDestroy
    synchronized void close() {
        closeProducer();
    }

    private static void header(ProducerRecord<String, String> record, String key, String value) {
        record.headers().add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String message(Throwable throwable) {
        return throwable.getMessage() == null ? throwable.toString() : throwable.getMessage();
    }
}
