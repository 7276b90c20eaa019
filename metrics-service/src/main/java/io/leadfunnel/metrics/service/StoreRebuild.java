package io.leadfunnel.metrics.service;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.Topics;
import io.leadfunnel.metrics.config.MetricsConfig;
import io.leadfunnel.metrics.repository.FactRepository;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Recomputes every fact from the topics: replays {@code lead.events}, {@code lead.scores} and {@code lead.lifecycle}
 * from the beginning up to the end offsets seen at the start into a new store generation, while the live consumer
 * writes each new event to both generations; then switches reads over and drops the old generation. Facts are
 * idempotent and order-independent, so the replay's order (and events seen twice) do not matter.
 */
@ApplicationScoped
public class StoreRebuild {

    private static final Logger LOG = Logger.getLogger(StoreRebuild.class);
    static final List<String> TOPICS = List.of(Topics.LEAD_EVENTS, Topics.LEAD_SCORES, Topics.LEAD_LIFECYCLE);

    private final FactService facts;
    private final FactRepository repository;
    private final MetricsConfig config;
    private final Clock clock;
    private final String bootstrapServers;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "metrics-rebuild");
        t.setDaemon(true);
        return t;
    });
    private volatile RebuildStatus status = RebuildStatus.idle();

    public StoreRebuild(FactService facts, FactRepository repository, MetricsConfig config, Clock clock,
                        @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.facts = facts;
        this.repository = repository;
        this.config = config;
        this.clock = clock;
        this.bootstrapServers = bootstrapServers;
    }

    public RebuildStatus status() {
        return status;
    }

    /** Starts a rebuild in the background. */
    public synchronized RebuildStatus start() {
        if (status.running()) {
            throw new RebuildAlreadyRunningException(status.generation());
        }
        facts.requireStore(); // unreachable: 503 now rather than a rebuild that fails in the background
        String generation = "facts_" + clock.millis();
        facts.startRebuildInto(generation);
        status = new RebuildStatus("running", generation, clock.instant(), null, 0, 0, null);
        executor.submit(() -> run(generation));
        return status;
    }

    private void run(String generation) {
        Instant started = status.startedAt();
        long records = 0;
        long skipped = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : TOPICS) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos != null) {
                    infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = clock.instant().plus(config.rebuildTimeout());
            while (!reachedEnd(consumer, partitions, end)) {
                if (clock.instant().isAfter(deadline)) {
                    throw new IllegalStateException("end offsets not reached within " + config.rebuildTimeout());
                }
                List<FunnelEvent> batch = new ArrayList<>();
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    if (record.value() == null) {
                        skipped++;
                        continue;
                    }
                    try {
                        batch.add(FunnelJson.read(record.value()));
                    } catch (IllegalArgumentException e) {
                        skipped++;
                    }
                }
                // one read and one bulk write per poll, not two round trips per event
                repository.applyAll(generation, batch);
                status = new RebuildStatus("running", generation, started, null, records, skipped, null);
            }
            facts.switchTo(generation);
            status = new RebuildStatus("done", generation, started, clock.instant(), records, skipped, null);
            LOG.infof("rebuilt the facts into %s from %d records (%d skipped)", generation, records, skipped);
        } catch (RuntimeException e) {
            LOG.errorf(e, "rebuild into %s failed; the previous store stays active", generation);
            facts.abandonRebuild(generation);
            status = new RebuildStatus("failed", generation, started, clock.instant(), records, skipped,
                    e.getMessage());
        }
    }

    private static boolean reachedEnd(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions,
                                      Map<TopicPartition, Long> end) {
        for (TopicPartition p : partitions) {
            if (consumer.position(p) < end.getOrDefault(p, 0L)) {
                return false;
            }
        }
        return true;
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "metrics-service-rebuild");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        return props;
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
