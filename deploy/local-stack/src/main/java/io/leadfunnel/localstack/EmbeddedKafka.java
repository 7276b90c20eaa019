package io.leadfunnel.localstack;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A real Apache Kafka broker running in this JVM in KRaft mode: one node that is both broker and controller.
 * <p>
 * Ports and the log directory are fixed at the first {@link #start()}, so {@link #stop()} followed by {@link #start()}
 * comes back on the same address with the same topics and records: that is how tests simulate broker downtime.
 * Auto-created topics get {@value #DEFAULT_PARTITIONS} partitions, so ordering by key is exercised as in production.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** Partitions of a topic created on first use. */
    public static final int DEFAULT_PARTITIONS = 3;

    private static final int NODE_ID = 1;

    private final String host;
    private final Path logDir;
    private final boolean deleteLogDirOnClose;
    private final Map<String, String> overrides;
    private int port;
    private int controllerPort;
    private KafkaRaftServer server;

    private EmbeddedKafka(Builder builder) {
        this.host = builder.host;
        this.port = builder.port;
        this.overrides = Map.copyOf(builder.overrides);
        if (builder.logDir == null) {
            try {
                this.logDir = Files.createTempDirectory("embedded-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary Kafka log directory", e);
            }
            this.deleteLogDirOnClose = true;
        } else {
            this.logDir = builder.logDir.toAbsolutePath();
            this.deleteLogDirOnClose = false;
        }
    }

    /** A broker on 127.0.0.1, a free port and a temporary log directory; see {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the broker and returns once it accepts clients. Does nothing when it is already running.
     *
     * @throws PortInUseException when the configured port is taken by another process
     */
    public synchronized EmbeddedKafka start() {
        if (server != null) {
            return this;
        }
        if (port == 0) {
            port = Ports.free(host);
        } else {
            Ports.requireFree(host, port, "Kafka");
        }
        if (controllerPort == 0) {
            controllerPort = Ports.free(host);
        }
        KafkaConfig config = KafkaConfig.fromProps(brokerProperties(), false);
        formatIfNew(config);
        KafkaRaftServer started = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            started.startup();
        } catch (RuntimeException e) {
            started.shutdown();
            throw e;
        }
        server = started;
        return this;
    }

    /** Stops the broker and keeps its data and ports for the next {@link #start()}. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            server = null;
        }
    }

    /** Stops the broker and deletes the log directory if it was a temporary one. */
    @Override
    public synchronized void close() {
        stop();
        if (deleteLogDirOnClose) {
            Directories.deleteRecursively(logDir);
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** {@code host:port} for the clients' {@code bootstrap.servers}; the port is known once started. */
    public synchronized String bootstrapServers() {
        if (port == 0) {
            throw new IllegalStateException("the broker has not been started yet, so it has no port");
        }
        return host + ":" + port;
    }

    public synchronized int port() {
        return port;
    }

    public Path logDir() {
        return logDir;
    }

    private Properties brokerProperties() {
        Properties props = new Properties();
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("process.roles", "broker,controller");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());

        props.put("auto.create.topics.enable", "true");
        props.put("num.partitions", String.valueOf(DEFAULT_PARTITIONS));
        props.put("default.replication.factor", "1");
        props.put("offsets.topic.replication.factor", "1");
        // fewer internal partitions than the production default of 50: the first consumer group starts much faster
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("delete.topic.enable", "true");
        // a single node has no one to hand leadership to; skip the wait on shutdown
        props.put("controlled.shutdown.enable", "false");
        // a restarted node is accepted only once its previous session expired: 3 s instead of the default 9 s,
        // still loose enough that a long GC pause on a busy machine does not fence the broker
        props.put("broker.session.timeout.ms", "3000");
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        props.putAll(overrides);
        return props;
    }

    /** Formats the storage on first use; a directory that already holds a node keeps its cluster id and data. */
    private void formatIfNew(KafkaConfig config) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(config.nodeId())
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .addDirectory(logDir.toString())
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka log directory " + logDir, e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + host + ":" + port + ", " + logDir + "]";
    }

    /** How to build an {@link EmbeddedKafka}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Path logDir;
        private final Map<String, String> overrides = new HashMap<>();

        private Builder() {
        }

        /** The address to listen on and advertise; {@code 127.0.0.1} by default. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The client port; 0 (the default) picks a free one at the first start and keeps it. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** A log directory that is kept on close (data survives a new process); default: a temporary one. */
        public Builder logDir(Path logDir) {
            this.logDir = logDir;
            return this;
        }

        /** Any other broker property, applied last. */
        public Builder property(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public EmbeddedKafka build() {
            return new EmbeddedKafka(this);
        }
    }
}
