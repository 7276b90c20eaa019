package io.leadfunnel.bench;

import io.leadfunnel.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** How far the services' consumer groups are behind the ends of the funnel topics, and their relays behind their stores. */
public final class Lag implements AutoCloseable {

    /** The consumer groups of the services and the topics each reads. */
    static final Map<String, List<String>> GROUPS = Map.of(
            "lead-service", List.of(Topics.LEAD_LIFECYCLE, Topics.LEAD_SCORES),
            "scoring-service", List.of(Topics.LEAD_EVENTS, Topics.LEAD_PROFILES),
            "handoff-service", List.of(Topics.LEAD_EVENTS, Topics.LEAD_PROFILES, Topics.LEAD_SCORES),
            "metrics-service", List.of(Topics.LEAD_EVENTS, Topics.LEAD_SCORES, Topics.LEAD_LIFECYCLE));

    /** The gauge of events stored in a service's outbox and not yet published (funnel-runtime's relay). */
    static final String OUTBOX_BACKLOG = "funnel_outbox_pending_leads";

    private final Admin admin;
    private final List<String> outboxes;

    public Lag(String bootstrap) {
        this(bootstrap, List.of());
    }

    /**
     * @param outboxes management URLs of services whose relay backlog counts too: events a service stored and has not
     *                 published are not on any topic yet, so the topics alone look drained while they wait
     */
    public Lag(String bootstrap, List<String> outboxes) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        this.outboxes = List.copyOf(outboxes);
    }

    /** Leads with unpublished events over the given services' relays; a service that does not answer counts 0. */
    long outboxBacklog() {
        double sum = 0;
        for (String url : outboxes) {
            double one = Prometheus.read(url, OUTBOX_BACKLOG);
            sum += Double.isNaN(one) ? 0 : one;
        }
        return (long) sum;
    }

    /** Records not yet committed by {@code group} on its topics. */
    public long of(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            for (String topic : GROUPS.get(group)) {
                for (int p = 0; p < 3; p++) {
                    ask.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(ask).all()
                    .get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (var end : ends.entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                lag += end.getValue().offset() - (at == null ? 0 : at.offset());
            }
            return lag;
        } catch (Exception e) {
            return Long.MAX_VALUE;
        }
    }

    /** Total records behind over every service's group. */
    public long total() {
        long sum = 0;
        for (String group : GROUPS.keySet()) {
            long lag = of(group);
            if (lag == Long.MAX_VALUE) {
                return lag;
            }
            sum += lag;
        }
        return sum;
    }

    /**
     * Waits until {@code groups} have no lag and the relays given at construction no backlog (twice in a row, a second
     * apart) or the time is up; true when drained.
     */
    public boolean awaitDrained(Duration timeout, Set<String> groups) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int zeros = 0;
        while (System.nanoTime() < deadline) {
            long lag = 0;
            for (String group : groups) {
                long one = of(group);
                lag = one == Long.MAX_VALUE ? one : lag + one;
                if (lag == Long.MAX_VALUE) {
                    break;
                }
            }
            if (lag == 0) {
                lag = outboxBacklog();
            }
            zeros = lag == 0 ? zeros + 1 : 0;
            if (zeros >= 2) {
                return true;
            }
            sleep(1000);
        }
        return false;
    }

    public boolean awaitDrained(Duration timeout) {
        return awaitDrained(timeout, GROUPS.keySet());
    }

    /**
     * Moves {@code group}'s committed offsets to the ends of its topics, so that it skips what was published while
     * it was stopped. Retries while the group still has members (a killed consumer leaves it after its session
     * timeout).
     */
    public void skipToEnd(String group, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
                for (String topic : GROUPS.get(group)) {
                    for (int p = 0; p < 3; p++) {
                        ask.put(new TopicPartition(topic, p), OffsetSpec.latest());
                    }
                }
                Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
                admin.listOffsets(ask).all().get(10, TimeUnit.SECONDS)
                        .forEach((tp, info) -> ends.put(tp, new OffsetAndMetadata(info.offset())));
                admin.alterConsumerGroupOffsets(group, ends).all().get(10, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot move " + group + " to the end of its topics", e);
                }
                sleep(2000);
            }
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
