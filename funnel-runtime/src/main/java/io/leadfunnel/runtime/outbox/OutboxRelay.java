package io.leadfunnel.runtime.outbox;

import io.leadfunnel.runtime.kafka.KafkaClients;
import io.leadfunnel.runtime.store.Failures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes the events stored in a service's outboxes ({@link OutboxStore}) to its topic, keyed by lead id, and
 * removes each one only after the broker acknowledged it ({@code acks=all}, idempotent producer). A crash between the
 * two re-publishes; consumers deduplicate on event id. While the broker is unreachable the events wait in MongoDB, so
 * the service keeps accepting writes and nothing is lost. Runs only in a service that has an {@link OutboxStore}.
 *
 * <p>In the steady state it reads nothing: writers hand over the outbox each acknowledged write left
 * ({@link OutboxSignal#stored}) and the relay publishes those snapshots and clears them with one bulk write guarded
 * by version. It sweeps the store ({@link OutboxStore#pending}, a scan on the embedded engine) at start, after a
 * failure of the broker or the store, after an erasure rewrote stored events, when the handed outboxes overflowed
 * ({@code funnel.outbox.handed-limit}), and every {@code funnel.outbox.sweep-interval} (5 min by default) for what
 * another instance or a crash left behind. See {@link OutboxDispatcher}.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Instance<OutboxStore> stores;
    private final OutboxSignal signal;
    private final OutboxConfig config;
    private final KafkaClients kafka;
    private final MeterRegistry registry;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private volatile KafkaProducer<String, String> producer;
    private OutboxStore store;
    private OutboxDispatcher dispatcher;
    private Counter published;
    private Thread worker;

    public OutboxRelay(Instance<OutboxStore> stores, OutboxSignal signal, OutboxConfig config, KafkaClients kafka,
                       MeterRegistry registry) {
        this.stores = stores;
        this.signal = signal;
        this.config = config;
        this.kafka = kafka;
        this.registry = registry;
    }

    void start(@Observes StartupEvent startup) {
        if (!stores.isResolvable()) {
            return;
        }
        store = stores.get();
        dispatcher = new OutboxDispatcher(store, signal, config.sendTimeout(), config.batchSize(),
                config.sweepInterval(), config.handedLimit(), System::nanoTime);
        published = Counter.builder("funnel.outbox.published").description("Events published from the outbox")
                .register(registry);
        registry.gauge("funnel.outbox.pending.leads", this, OutboxRelay::pendingLeads);
        signal.onRewritten(this::discardInFlight);
        running.set(true);
        worker = new Thread(this::run, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (!running.getAndSet(false)) {
            return;
        }
        signal.wake();
        try {
            worker.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeProducer();
    }

    /** Whether this service relays an outbox at all. */
    public boolean isActive() {
        return store != null;
    }

    /** Whether the last publishing attempt reached the broker. */
    public boolean isHealthy() {
        return healthy.get();
    }

    /**
     * Number of leads with events waiting: handed over and not yet published, plus what the last sweep found and did
     * not publish. Counting never scans in the steady state; a sweep that finds a full batch counts the rest.
     */
    public long pendingLeads() {
        OutboxDispatcher current = dispatcher;
        return current == null ? 0 : current.pendingLeads();
    }

    private void run() {
        long backoffMillis = 100;
        while (running.get()) {
            try {
                int publishedNow = dispatcher.pass(this::producer);
                published.increment(publishedNow);
                healthy.set(true);
                backoffMillis = 100;
                if (publishedNow == 0 && dispatcher.idle()) {
                    long wait = Math.min(config.pollInterval().toMillis(),
                            TimeUnit.NANOSECONDS.toMillis(dispatcher.untilNextSweep()));
                    signal.await(Math.max(1, wait), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                dispatcher.failed();
                if (Failures.mongoCause(e) == null) {
                    // the broker failed: report it, and start the next pass on a new producer
                    healthy.set(false);
                    closeProducer();
                }
                // the store failed: nothing was sent, the broker's state is unknown, readiness reports MongoDB
                LOG.warnf("outbox relay could not publish (%s); retrying in %d ms", e.getMessage(), backoffMillis);
                sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, config.maxBackoff().toMillis());
            }
        }
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> current = producer;
        if (current == null) {
            current = kafka.producer("outbox", Map.of(
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                    ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5",
                    ProducerConfig.LINGER_MS_CONFIG, "5",
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000",
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                    Long.toString(Math.max(10_000, config.sendTimeout().toMillis()))));
            producer = current;
        }
        return current;
    }

    /**
     * Drops every event sent but not yet acknowledged, at once: the pass fails, and the sweep that follows publishes
     * what is stored now (an erasure rewrote it). An event the broker already acknowledged cannot be recalled.
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
}
