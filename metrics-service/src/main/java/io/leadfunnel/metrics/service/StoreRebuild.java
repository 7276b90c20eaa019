package io.leadfunnel.metrics.service;

import com.mongodb.MongoException;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.Topics;
import io.leadfunnel.metrics.config.MetricsConfig;
import io.leadfunnel.metrics.repository.FactRepository;
import io.leadfunnel.runtime.consumer.UntilApplied;
import io.leadfunnel.runtime.kafka.KafkaClients;
import io.leadfunnel.runtime.store.Failures;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Recomputes every fact from the topics: replays {@code lead.events}, {@code lead.scores} and {@code lead.lifecycle}
 * from the beginning up to the end offsets seen at the start into a new store generation, while the live consumers of
 * every instance write each new event to both generations; then switches reads over and drops the old generation.
 * Facts are idempotent and order-independent, so the replay's order (and events seen twice) do not matter. Every write
 * into the new generation, the replay's and the consumers', counts in its aggregates through logs
 * ({@link AccountedApply}), so its figures are exact whichever instances write, and the switch is one pointer change.
 *
 * <p>While MongoDB is unreachable the replay waits ({@link UntilApplied}) and stays {@code running}. A failure that
 * waiting will not cure (MongoDB refuses a write, the topics stop delivering before their end offsets, a bug) ends it
 * as {@code failed} with its cause: the new generation is dropped, the previous one stays active, and a new rebuild may
 * be started.
 */
@ApplicationScoped
public class StoreRebuild {

    private static final Logger LOG = Logger.getLogger(StoreRebuild.class);
    static final List<String> TOPICS = List.of(Topics.LEAD_EVENTS, Topics.LEAD_SCORES, Topics.LEAD_LIFECYCLE);
    /** The replay's logs: each lead's changes go to one of them, by its id. */
    static final int REPLAY_LOGS = 8;
    static final List<String> REPLAY_LOG_NAMES = IntStream.range(0, REPLAY_LOGS).mapToObj(i -> "rebuild-" + i)
            .toList();
    /**
     * Counters the replay appends to its logs at most before it folds them itself and waits for that fold: it appends
     * far faster than the scheduled folds take, and logs left to grow were read whole by every fold and every query
     * until a fold ran out of heap (at 1,000,000 leads, in a 256 MiB heap). Folding four times as often (100,000) made
     * the logs smaller but the rebuild slower: 123 and 140 s for 100,000 leads against 105 and 109 s, with 81 and 91
     * CPU seconds of metrics-service against 70 and 68 (deploy/bench, alternating, 2026-12-07).
     */
    static final long REPLAY_UNFOLDED = 400_000;
    /**
     * Records per poll of the replay: each poll reads its leads with one query and writes them with one bulk write, and
     * both are held whole in memory at once (the reply, the decoded leads, the encoded write, and the driver's buffers
     * for each). In a 128 MiB heap, a rebuild of 20,000 leads with 2,000 per poll had spent 61 s in 299 full
     * collections when its status request timed out; with 500 it took 39 s, 3.9 s of them in 32 full collections
     * (deploy/bench --quick, 2026-12-07).
     */
    static final int REPLAY_POLL_RECORDS = 500;

    private final FactService facts;
    private final MetricsConfig config;
    private final Clock clock;
    private final KafkaClients kafka;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "metrics-rebuild");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService drops = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "metrics-generation-drop");
        t.setDaemon(true);
        return t;
    });
    private volatile RebuildStatus status = RebuildStatus.idle();

    public StoreRebuild(FactService facts, MetricsConfig config, Clock clock, KafkaClients kafka) {
        this.facts = facts;
        this.config = config;
        this.clock = clock;
        this.kafka = kafka;
    }

    public RebuildStatus status() {
        return status;
    }

    /** Starts a rebuild in the background; refused while one runs. */
    public synchronized RebuildStatus start() {
        if (status.running()) {
            throw new RebuildAlreadyRunningException(status.generation());
        }
        facts.requireStore(); // unreachable: 503 now rather than a rebuild that waits in the background
        String generation = "facts_" + clock.millis();
        Instant started = clock.instant();
        String replaced = facts.startRebuildInto(generation, started);
        if (replaced != null) {
            LOG.infof("the unfinished rebuild into %s (started here or on another instance) gives way to %s", replaced,
                    generation);
            dropLater(replaced);
        }
        status = RebuildStatus.running(generation, started, 0, 0);
        executor.submit(() -> run(generation, started));
        return status;
    }

    /** How far a rebuild got: its counts, and the step a failure is reported under. */
    private static final class Progress {
        private String step = "finding the topics' partitions";
        private long records;
        private long skipped;
    }

    private void run(String generation, Instant started) {
        Progress progress = new Progress();
        try {
            replay(generation, started, progress);
            progress.step = "folding the rebuilt aggregates";
            UntilApplied.run("rebuild into " + generation + ": folding", () -> facts.foldAll(generation,
                    REPLAY_LOG_NAMES));
            progress.step = "switching over to the rebuilt facts";
            String old = UntilApplied.apply("rebuild into " + generation + ": switching over",
                    () -> facts.switchTo(generation));
            if (!old.equals(generation)) {
                progress.step = "dropping the previous generation";
                dropAfterAWhile(old);
            }
            status = RebuildStatus.done(generation, started, clock.instant(), progress.records, progress.skipped);
            LOG.infof("rebuilt the facts into %s from %d records (%d skipped)", generation, progress.records,
                    progress.skipped);
        } catch (RuntimeException | Error e) {
            fail(generation, started, progress, e);
            if (e instanceof Error error) {
                throw error;
            }
        }
    }

    private void replay(String generation, Instant started, Progress progress) {
        try (KafkaConsumer<String, String> consumer = kafka.consumer("rebuild", Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(REPLAY_POLL_RECORDS)))) {
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
            progress.step = "reading the topics";
            // measured from the last records written, so time spent waiting for MongoDB does not count
            Instant deadline = clock.instant().plus(config.rebuildTimeout());
            Instant lastBeat = clock.instant();
            long unfolded = 0;
            while (!reachedEnd(consumer, partitions, end)) {
                if (clock.instant().isAfter(deadline)) {
                    throw new ReplayStalled(config.rebuildTimeout());
                }
                ConsumerRecords<String, String> polled = consumer.poll(Duration.ofMillis(500));
                if (polled.isEmpty()) {
                    continue;
                }
                Map<String, List<FunnelEvent>> byLead = new LinkedHashMap<>();
                for (ConsumerRecord<String, String> record : polled) {
                    progress.records++;
                    if (record.value() == null) {
                        progress.skipped++;
                        continue;
                    }
                    try {
                        FunnelEvent event = FunnelJson.read(record.value());
                        byLead.computeIfAbsent(event.leadId(), id -> new ArrayList<>()).add(event);
                    } catch (IllegalArgumentException e) {
                        progress.skipped++;
                    }
                }
                progress.step = "writing the rebuilt facts";
                // one read and one bulk write per poll, not two round trips per event; idempotent, and counted once
                // in the new generation's aggregates, so a retry after a transient failure adds only what the failed
                // attempt did not
                AccountedApply.PollSource source = replaySource(byLead.keySet(), progress.records);
                unfolded += UntilApplied.apply("rebuild into " + generation, () -> appended(facts.applyReplay(
                        generation, byLead, source)));
                if (unfolded >= REPLAY_UNFOLDED) {
                    progress.step = "folding the rebuilt aggregates";
                    UntilApplied.run("rebuild into " + generation + ": folding", () -> facts.foldAll(generation,
                            REPLAY_LOG_NAMES));
                    unfolded = 0;
                }
                Instant now = clock.instant();
                if (Duration.between(lastBeat, now).compareTo(config.rebuildTimeout()) > 0) {
                    // the consumers may have taken the rebuild for dead meanwhile and stopped writing into it
                    throw new ReplayStalled(config.rebuildTimeout());
                }
                if (!UntilApplied.apply("rebuild into " + generation, () -> facts.rebuilding(generation, now))) {
                    throw new RebuildReplaced();
                }
                lastBeat = now;
                progress.step = "reading the topics";
                status = RebuildStatus.running(generation, started, progress.records, progress.skipped);
                deadline = clock.instant().plus(config.rebuildTimeout());
            }
        }
    }

    /** Each lead's replay log, by its id; the offset is how many records the replay has read. */
    private static AccountedApply.PollSource replaySource(Collection<String> leads, long read) {
        Map<String, String> partitionOf = new HashMap<>();
        Map<String, Long> offsets = new HashMap<>();
        for (String lead : leads) {
            String log = REPLAY_LOG_NAMES.get(Math.floorMod(lead.hashCode(), REPLAY_LOGS));
            partitionOf.put(lead, log);
            offsets.put(log, read);
        }
        return new AccountedApply.PollSource(partitionOf, offsets);
    }

    /**
     * The counters a replayed poll appended to the logs; fails the replay when the store refused a lead's write for
     * good.
     */
    private static long appended(Map<String, FactRepository.LeadApplied> applied) {
        long counters = 0;
        for (FactRepository.LeadApplied lead : applied.values()) {
            if (lead.refusal() != null) {
                throw new IllegalStateException(lead.refusal());
            }
            counters += lead.aggregated().size();
        }
        return counters;
    }

    private void fail(String generation, Instant started, Progress progress, Throwable failure) {
        String cause = progress.step + ": " + describe(failure);
        if (Failures.mongoCause(failure) != null) {
            // the server's message can quote stored values: only the kind and the code go to the log
            LOG.errorf("rebuild into %s failed (%s); the previous store stays active", generation, cause);
        } else {
            LOG.errorf(failure, "rebuild into %s failed (%s); the previous store stays active", generation, cause);
        }
        try {
            facts.abandonRebuild(generation);
            dropAfterAWhile(generation);
        } finally {
            status = RebuildStatus.failed(generation, started, clock.instant(), progress.records, progress.skipped,
                    cause);
        }
    }

    /**
     * The cause of a failed rebuild in a few words, for its status: the kind of failure, never the exception's message,
     * which can quote a record or a stored document.
     */
    static String describe(Throwable failure) {
        if (failure instanceof ReplayStalled || failure instanceof RebuildReplaced) {
            return failure.getMessage();
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException || t instanceof InterruptException) {
                return "interrupted: the service is stopping";
            }
        }
        MongoException mongo = Failures.mongoCause(failure);
        if (mongo != null) {
            return "MongoDB refused the request (" + mongo.getClass().getSimpleName() + ", code " + mongo.getCode()
                    + ")";
        }
        if (failure instanceof TimeoutException) {
            return "the Kafka broker did not answer in time";
        }
        if (failure instanceof KafkaException) {
            return "Kafka failed (" + failure.getClass().getSimpleName() + ")";
        }
        return "unexpected " + failure.getClass().getSimpleName();
    }

    /**
     * Drops a generation nothing reads or writes any more, after {@code funnel.metrics.rebuild-drop-after} (other
     * instances' polls and queries that read the pointer before are through with it); in the background when the
     * rebuild is only starting.
     */
    private void dropLater(String generation) {
        drops.schedule(() -> dropNow(generation), config.rebuildDropAfter().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** As {@link #dropLater}, on the rebuild's own thread: the rebuild reports its end once the drop is done. */
    private void dropAfterAWhile(String generation) {
        try {
            Thread.sleep(config.rebuildDropAfter().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        dropNow(generation);
    }

    private void dropNow(String generation) {
        try {
            facts.drop(generation);
        } catch (RuntimeException e) {
            LOG.warnf("could not drop the unused generation %s (%s); drop its collections by hand", generation,
                    e.getClass().getSimpleName());
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

    /** The topics delivered nothing, or nothing could be written, for the rebuild timeout. */
    private static final class ReplayStalled extends RuntimeException {

        ReplayStalled(Duration timeout) {
            super("nothing replayed for " + timeout + " before the end offsets were reached");
        }
    }

    /** A rebuild started since (on any instance) took this one's place. */
    private static final class RebuildReplaced extends RuntimeException {

        RebuildReplaced() {
            super("another rebuild, started since, took its place");
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
        drops.shutdownNow();
    }
}
