package io.leadfunnel.lead.messaging;

import io.leadfunnel.events.Topics;
import io.leadfunnel.lead.config.LeadServiceConfig;
import io.leadfunnel.lead.repository.LeadDocument;
import io.leadfunnel.lead.repository.LeadRepository;
import io.leadfunnel.lead.service.OutboxSignal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the events stored in lead outboxes to {@code lead.events}, keyed by lead id, and removes each one only
 * after the broker acknowledged it ({@code acks=all}, idempotent producer). A crash between the two re-publishes; the
 * consumers deduplicate on event id. While the broker is unreachable the events wait in MongoDB, so webhooks keep
 * succeeding and nothing is lost.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final LeadRepository leads;
    private final OutboxSignal signal;
    private final LeadServiceConfig.Outbox config;
    private final String bootstrapServers;
    private final Counter published;
    private final AtomicLong pendingLeads = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private volatile KafkaProducer<String, String> producer;
    private Thread worker;

    public OutboxRelay(LeadRepository leads, OutboxSignal signal, LeadServiceConfig config, MeterRegistry registry,
                       @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.leads = leads;
        this.signal = signal;
        this.config = config.outbox();
        this.bootstrapServers = bootstrapServers;
        this.published = Counter.builder("funnel.outbox.published").description("Events published from the outbox")
                .register(registry);
        registry.gauge("funnel.outbox.pending.leads", pendingLeads);
    }

    void start(@Observes StartupEvent startup) {
        signal.onRewritten(this::discardInFlight);
        running.set(true);
        worker = new Thread(this::run, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running.set(false);
        signal.wake();
        if (worker != null) {
            try {
                worker.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeProducer();
    }

    /** Whether the last publishing attempt reached the broker. */
    public boolean isHealthy() {
        return healthy.get();
    }

    /** Number of leads with events waiting, as of the last pass. */
    public long pendingLeads() {
        return pendingLeads.get();
    }

    private void run() {
        long backoffMillis = 100;
        while (running.get()) {
            try {
                int publishedNow = publishPending();
                healthy.set(true);
                backoffMillis = 100;
                if (publishedNow == 0) {
                    signal.await(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                healthy.set(false);
                LOG.warnf("outbox relay could not publish (%s); retrying in %d ms", e.getMessage(), backoffMillis);
                closeProducer();
                sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, config.maxBackoff().toMillis());
            }
        }
    }

    /**
     * One pass: publishes the outbox of up to a batch of leads.
     *
     * @return the number of events published
     */
    int publishPending() throws InterruptedException {
        List<LeadDocument> batch = leads.withPendingOutbox(config.batchSize());
        pendingLeads.set(batch.size() < config.batchSize() ? batch.size() : leads.pendingOutboxCount());
        if (batch.isEmpty()) {
            return 0;
        }
        KafkaProducer<String, String> kafka = producer();
        // Wait for the topic's metadata first: a send that fails on missing metadata while a later one of the same
        // lead succeeds would publish that lead's events out of order.
        kafka.partitionsFor(Topics.LEAD_EVENTS);
        List<Sent> inFlight = new ArrayList<>();
        for (LeadDocument lead : batch) {
            if (lead.outbox == null || lead.outbox.isEmpty()) {
                leads.removeFromOutbox(lead.id, List.of());
                continue;
            }
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (LeadDocument.OutboxEntry entry : lead.outbox) {
                ProducerRecord<String, String> record = new ProducerRecord<>(Topics.LEAD_EVENTS, lead.id, entry.payload);
                record.headers().add("eventType", entry.type.getBytes(StandardCharsets.UTF_8));
                record.headers().add("eventId", entry.eventId.getBytes(StandardCharsets.UTF_8));
                acks.add(kafka.send(record));
                ids.add(entry.eventId);
            }
            inFlight.add(new Sent(lead.id, ids, acks));
        }
        kafka.flush();
        int count = 0;
        for (Sent sent : inFlight) {
            for (Future<RecordMetadata> ack : sent.acks()) {
                try {
                    ack.get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("broker did not acknowledge: " + e.getMessage(), e);
                }
            }
            leads.removeFromOutbox(sent.leadId(), sent.eventIds());
            count += sent.eventIds().size();
        }
        published.increment(count);
        return count;
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> current = producer;
        if (current == null) {
            Properties props = new Properties();
            props.putAll(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                    ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5",
                    ProducerConfig.LINGER_MS_CONFIG, "5",
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000",
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(
                            Math.max(10_000, config.sendTimeout().toMillis())),
                    ProducerConfig.CLIENT_ID_CONFIG, "lead-service-outbox"));
            current = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
            producer = current;
        }
        return current;
    }

    /**
     * Drops every event sent but not yet acknowledged, at once: the batch fails, and the next pass publishes what is
     * stored now (an erasure rewrote it). An event the broker already acknowledged cannot be recalled; its
     * {@code LeadErased} follows it.
     */
    void discardInFlight() {
        KafkaProducer<String, String> current = producer;
        if (current != null) {
            try {
                current.close(Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debug("aborting the outbox producer failed", e);
            }
        }
    }

    private void closeProducer() {
        KafkaProducer<String, String> current = producer;
        producer = null;
        if (current != null) {
            try {
                current.close(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                LOG.debug("closing the outbox producer failed", e);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Sent(String leadId, List<String> eventIds, List<Future<RecordMetadata>> acks) {
    }
}
