package io.leadfunnel.runtime.outbox;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.RoundRobinPartitioner;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * A producer whose sends fail at random, in both ways a real one fails: {@code send} throws (metadata not available
 * within {@code max.block.ms}) or the acknowledgement fails (the broker went away). What succeeds is appended to a
 * shared topic log, so several producers (several relay instances) can write to one topic.
 */
class FlakyProducer extends MockProducer<String, String> {

    private final List<String> topic;
    private final Random random;
    private final double failureRate;

    FlakyProducer(List<String> topic, long seed, double failureRate) {
        super(true, new RoundRobinPartitioner(), new StringSerializer(), new StringSerializer());
        this.topic = topic;
        this.random = new Random(seed);
        this.failureRate = failureRate;
    }

    @Override
    public synchronized Future<RecordMetadata> send(ProducerRecord<String, String> record, Callback callback) {
        double draw = random.nextDouble();
        if (draw < failureRate / 2) {
            throw new TimeoutException("Topic lead.events not present in metadata after 5000 ms.");
        }
        if (draw < failureRate) {
            return CompletableFuture.failedFuture(new NetworkException("the broker went away"));
        }
        String eventId = new String(record.headers().lastHeader("eventId").value(), StandardCharsets.UTF_8);
        synchronized (topic) {
            topic.add(record.key() + "|" + eventId);
        }
        return super.send(record, callback);
    }
}
