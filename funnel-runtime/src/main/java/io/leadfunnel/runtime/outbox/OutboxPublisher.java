package io.leadfunnel.runtime.outbox;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes a batch of outboxes and clears what the broker acknowledged: one relay pass, without threads or CDI.
 *
 * <p>A lead's next event is sent only once the broker acknowledged the one before it, so whatever fails (metadata not
 * yet available, a send failing in the middle of a lead's events, a broker restart, another relay publishing the
 * same outbox) the first copy of each event on the topic comes after the first copy of the events before it.
 * Consumers deduplicate on event id, so a re-published copy changes nothing. Different leads are sent side by side:
 * round {@code k} sends the {@code k}-th event of every lead whose earlier events all succeeded. That order holds across
 * topics too: an entry naming its own topic (a lead's personal data on a compacted topic) is acknowledged before the
 * entry after it is sent.
 */
public final class OutboxPublisher {

    private final OutboxStore store;
    private final Duration sendTimeout;

    public OutboxPublisher(OutboxStore store, Duration sendTimeout) {
        this.store = store;
        this.sendTimeout = sendTimeout;
    }

    /**
     * Publishes {@code batch} and removes the acknowledged events from their outboxes.
     *
     * @return the number of events acknowledged
     * @throws PublishFailedException after clearing what was acknowledged, when an event could not be published
     */
    public int publish(Producer<String, String> producer, List<PendingOutbox> batch) throws InterruptedException {
        List<Progress> active = new ArrayList<>();
        List<OutboxStore.Published> done = new ArrayList<>();
        for (PendingOutbox outbox : batch) {
            if (outbox.events().isEmpty()) {
                done.add(new OutboxStore.Published(outbox, List.of()));
            } else {
                active.add(new Progress(outbox));
            }
        }
        Exception failure = null;
        int acknowledged = 0;
        while (!active.isEmpty()) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(active.size());
            for (Progress lead : active) {
                acks.add(send(producer, lead));
            }
            long deadline = System.nanoTime() + sendTimeout.toNanos();
            List<Progress> next = new ArrayList<>();
            for (int i = 0; i < active.size(); i++) {
                Progress lead = active.get(i);
                try {
                    acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    lead.acknowledged++;
                    acknowledged++;
                    if (lead.finished()) {
                        done.add(lead.published());
                    } else {
                        next.add(lead);
                    }
                } catch (ExecutionException | TimeoutException e) {
                    failure = failure == null ? e : failure;
                    if (lead.acknowledged > 0) {
                        done.add(lead.published());
                    }
                }
            }
            active = next;
        }
        if (!done.isEmpty()) {
            store.published(done);
        }
        if (failure != null) {
            Throwable cause = failure instanceof ExecutionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            throw new PublishFailedException("broker did not acknowledge: " + cause.getMessage(), cause);
        }
        return acknowledged;
    }

    private static Future<RecordMetadata> send(Producer<String, String> producer, Progress lead) {
        OutboxEvent event = lead.outbox.events().get(lead.acknowledged);
        ProducerRecord<String, String> record =
                new ProducerRecord<>(event.topicOr(lead.topic()), lead.outbox.leadId(), event.payload());
        record.headers().add("eventType", event.type().getBytes(StandardCharsets.UTF_8));
        record.headers().add("eventId", event.eventId().getBytes(StandardCharsets.UTF_8));
        try {
            return producer.send(record);
        } catch (RuntimeException e) {
            // metadata not available within max.block.ms, a closed producer: this lead stops here for this pass
            return CompletableFuture.failedFuture(e);
        }
    }

    /** How far one lead's outbox got in this pass. */
    private final class Progress {
        private final PendingOutbox outbox;
        private int acknowledged;

        Progress(PendingOutbox outbox) {
            this.outbox = outbox;
        }

        String topic() {
            return store.topic();
        }

        boolean finished() {
            return acknowledged == outbox.events().size();
        }

        OutboxStore.Published published() {
            return new OutboxStore.Published(outbox, outbox.events().subList(0, acknowledged).stream()
                    .map(OutboxEvent::eventId).toList());
        }
    }

    /** An event of the pass was not acknowledged; what was acknowledged before it is cleared. */
    public static final class PublishFailedException extends RuntimeException {

        PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
