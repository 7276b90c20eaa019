package io.leadfunnel.runtime.kafka;

import io.quarkus.arc.Unremovable;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.commit.ContextHolder;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import io.vertx.mutiny.core.Context;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.function.BiConsumer;

/**
 * The connector's throttled commit strategy, kept alive through a broker outage of any length.
 *
 * <p>The throttled strategy asks the broker for a partition's last committed offset when the first record of a newly
 * assigned partition arrives. During an outage longer than the consumer's {@code default.api.timeout.ms} (60 s) that
 * question fails with a {@link TimeoutException}, and the connector ends the channel for good: the service stays up,
 * reports itself dead, and consumes nothing more until it is restarted. This strategy asks again instead, for as long
 * as the broker does not answer; each attempt itself waits the full timeout, so the retries do not spin. Everything
 * else is the throttled strategy's own behaviour.
 *
 * <p>Every incoming channel uses it ({@code mp.messaging.connector.smallrye-kafka.commit-strategy}, set in this
 * module's {@code META-INF/microprofile-config.properties}).
 */
public final class OutageTolerantCommit extends ContextHolder implements KafkaCommitHandler {

    public static final String NAME = "throttled-through-outages";

    private static final Logger LOG = Logger.getLogger(OutageTolerantCommit.class);

    private final KafkaCommitHandler throttled;
    private final String group;

    /** Builds one per consumer from the connector's own throttled strategy. */
    @ApplicationScoped
    @Identifier(NAME)
    @Unremovable
    public static class Factory implements KafkaCommitHandler.Factory {

        private final KafkaCommitHandler.Factory throttled;

        @Inject
        public Factory(@Identifier(Strategy.THROTTLED) KafkaCommitHandler.Factory throttled) {
            this.throttled = throttled;
        }

        @Override
        public KafkaCommitHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx,
                                         KafkaConsumer<?, ?> consumer, BiConsumer<Throwable, Boolean> reportFailure) {
            LOG.infof("%s: throttled commits, waiting out broker outages", config.getChannel());
            return new OutageTolerantCommit(throttled.create(config, vertx, consumer, reportFailure), vertx,
                    config.getChannel());
        }
    }

    /** Wraps {@code throttled}; visible for tests. */
    public OutageTolerantCommit(KafkaCommitHandler throttled, Vertx vertx, String group) {
        super(vertx, 0);
        this.throttled = throttled;
        this.group = group;
    }

    @Override
    public void capture(Context context) {
        super.capture(context);
        if (throttled instanceof ContextHolder holder) {
            holder.capture(context);
        }
    }

    @Override
    public void capture(io.vertx.core.Context context) {
        super.capture(context);
        if (throttled instanceof ContextHolder holder) {
            holder.capture(context);
        }
    }

    @Override
    public <K, V> Multi<IncomingKafkaRecord<K, V>> decorateStream(Multi<IncomingKafkaRecord<K, V>> consumed) {
        return throttled.decorateStream(consumed);
    }

    /**
     * The throttled strategy's own step, asked again while it times out. The failure of a timed-out attempt arrives
     * on the channel's event loop (the strategy switches back to it), so the next attempt starts there too, as the
     * strategy requires.
     */
    @Override
    public <K, V> Uni<IncomingKafkaRecord<K, V>> received(IncomingKafkaRecord<K, V> record) {
        return Uni.createFrom().deferred(() -> throttled.received(record))
                .onFailure(TimeoutException.class).invoke(timeout -> LOG.warnf(
                        "%s: the broker did not say where %s-%d was committed (%s); asking again",
                        group, record.getTopic(), record.getPartition(), timeout.getMessage()))
                .onFailure(TimeoutException.class).retry().indefinitely();
    }

    @Override
    public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record) {
        return throttled.handle(record);
    }

    @Override
    public void terminate(boolean graceful) {
        throttled.terminate(graceful);
    }

    @Override
    public void partitionsAssigned(Collection<TopicPartition> partitions) {
        throttled.partitionsAssigned(partitions);
    }

    @Override
    public void partitionsRevoked(Collection<TopicPartition> partitions) {
        throttled.partitionsRevoked(partitions);
    }
}
