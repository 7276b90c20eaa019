package io.leadfunnel.localstack;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.plain.PlainLoginModule;
import org.apache.kafka.common.security.scram.ScramLoginModule;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real Apache Kafka broker running in this JVM in KRaft mode: one node that is both broker and controller.
 * <p>
 * Ports and the log directory are fixed at the first {@link #start()}, so {@link #stop()} followed by {@link #start()}
 * comes back on the same address with the same topics and records: that is how tests simulate broker downtime.
 * Auto-created topics get {@value #DEFAULT_PARTITIONS} partitions, so ordering by key is exercised as in production.
 * <p>
 * With {@link Builder#saslScram(String, String)} the client port is a {@code SASL_PLAINTEXT} listener that accepts only
 * clients authenticated with {@value #SASL_MECHANISM} as the one user the broker creates itself. Between brokers the
 * node uses a listener of its own, {@code INTERNAL} ({@code SASL_PLAINTEXT} with {@code PLAIN} and a secret made up at
 * each start and never handed out), which also lets the stack set the user's credentials on a data directory of an
 * earlier run. The controller listener stays plaintext on a port of its own and serves only the controller protocol.
 * Metadata answers on the client port name only the client port.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** Partitions of a topic created on first use. */
    public static final int DEFAULT_PARTITIONS = 3;

    /** The SASL mechanism of the listener {@link Builder#saslScram(String, String)} turns on. */
    public static final String SASL_MECHANISM = "SCRAM-SHA-512";

    private static final int NODE_ID = 1;
    private static final String CLIENT_LISTENER_PLAIN = "PLAINTEXT";
    private static final String CLIENT_LISTENER_SASL = "SASL_PLAINTEXT";
    private static final String INTERNAL_LISTENER = "INTERNAL";
    private static final String INTERNAL_USER = "broker";
    /** User names that need no escaping, neither in the storage formatter's SCRAM argument nor in a JAAS value. */
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]+");
    private static final int SCRAM_ITERATIONS = 4096;

    private final String host;
    private final Path logDir;
    private final boolean deleteLogDirOnClose;
    private final Map<String, String> overrides;
    private final String saslUser;
    private final String saslPassword;
    /** The broker's own secret on the internal listener; lives as long as this object. */
    private final String internalSecret = randomSecret();
    private int port;
    private int controllerPort;
    private int internalPort;
    private KafkaRaftServer server;

    private EmbeddedKafka(Builder builder) {
        this.host = builder.host;
        this.port = builder.port;
        this.overrides = Map.copyOf(builder.overrides);
        this.saslUser = builder.saslUser;
        this.saslPassword = builder.saslPassword;
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
        if (saslEnabled() && internalPort == 0) {
            internalPort = Ports.free(host);
        }
        KafkaConfig config = KafkaConfig.fromProps(brokerProperties(), false);
        boolean formatted = formatIfNew(config);
        KafkaRaftServer started = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            started.startup();
            if (saslEnabled() && !formatted) {
                // the directory may come from a run with another password, or none: make this run's user valid
                upsertSaslUser();
            }
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

    /**
     * {@code host:port} for the clients' {@code bootstrap.servers}; the port is known once started. With
     * {@link Builder#saslScram(String, String)} this is the SASL listener, the only one clients can reach.
     */
    public synchronized String bootstrapServers() {
        if (port == 0) {
            throw new IllegalStateException("the broker has not been started yet, so it has no port");
        }
        return host + ":" + port;
    }

    /** Whether clients must authenticate with {@value #SASL_MECHANISM} ({@link Builder#saslScram(String, String)}). */
    public boolean saslEnabled() {
        return saslUser != null;
    }

    /**
     * Everything a client needs to reach this broker, as Kafka client properties: {@code bootstrap.servers} and, with
     * SASL, {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config} with the broker's user.
     */
    public synchronized Map<String, String> clientSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (saslEnabled()) {
            settings.putAll(scramClientSettings(saslUser, saslPassword));
        }
        return settings;
    }

    /**
     * The client security settings of a {@value #SASL_MECHANISM} user over {@code SASL_PLAINTEXT}:
     * {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config}.
     */
    public static Map<String, String> scramClientSettings(String user, String password) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_PLAINTEXT.name);
        settings.put(SaslConfigs.SASL_MECHANISM, SASL_MECHANISM);
        settings.put(SaslConfigs.SASL_JAAS_CONFIG, scramJaasConfig(user, password));
        return settings;
    }

    /** The {@code sasl.jaas.config} value that logs in as {@code user} with {@code password} over SCRAM. */
    public static String scramJaasConfig(String user, String password) {
        return ScramLoginModule.class.getName() + " required username=\"" + jaasQuoted(user) + "\" password=\""
                + jaasQuoted(password) + "\";";
    }

    /** A JAAS option value inside double quotes: backslash and quote escaped. */
    private static String jaasQuoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
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
        if (saslEnabled()) {
            String client = CLIENT_LISTENER_SASL + "://" + host + ":" + port;
            String internal = INTERNAL_LISTENER + "://" + host + ":" + internalPort;
            props.put("listeners", client + "," + internal + ",CONTROLLER://" + host + ":" + controllerPort);
            props.put("advertised.listeners", client + "," + internal);
            props.put("listener.security.protocol.map", CLIENT_LISTENER_SASL + ":SASL_PLAINTEXT,"
                    + INTERNAL_LISTENER + ":SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("inter.broker.listener.name", INTERNAL_LISTENER);
            props.put("sasl.enabled.mechanisms", SASL_MECHANISM);
            props.put(listenerProperty(CLIENT_LISTENER_SASL, "sasl.enabled.mechanisms"), SASL_MECHANISM);
            // server side only: SCRAM checks clients against the credentials in the metadata
            props.put(listenerProperty(CLIENT_LISTENER_SASL, SASL_MECHANISM.toLowerCase(Locale.ROOT)
                    + ".sasl.jaas.config"), ScramLoginModule.class.getName() + " required;");
            // the internal listener: PLAIN, whose one account lives in this configuration rather than in the
            // metadata, so it works whatever credentials the metadata of an earlier run holds
            props.put(listenerProperty(INTERNAL_LISTENER, "sasl.enabled.mechanisms"), "PLAIN");
            props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            props.put(listenerProperty(INTERNAL_LISTENER, "plain.sasl.jaas.config"),
                    internalLogin().replace(";", " user_" + INTERNAL_USER + "=\"" + internalSecret + "\";"));
        } else {
            props.put("listeners", CLIENT_LISTENER_PLAIN + "://" + host + ":" + port + ",CONTROLLER://" + host + ":"
                    + controllerPort);
            props.put("advertised.listeners", CLIENT_LISTENER_PLAIN + "://" + host + ":" + port);
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("inter.broker.listener.name", CLIENT_LISTENER_PLAIN);
        }
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

    /**
     * Formats the storage on first use, with the SASL user's credentials in the initial metadata, so the user exists
     * before the first client connects; a directory that already holds a node keeps its cluster id and data.
     *
     * @return whether the directory was formatted now
     */
    private boolean formatIfNew(KafkaConfig config) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return false;
        }
        try {
            Files.createDirectories(logDir);
            Formatter formatter = new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(config.nodeId())
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .addDirectory(logDir.toString())
                    .setIgnoreFormatted(true);
            if (saslEnabled()) {
                formatter.setScramArguments(List.of(scramArgument()));
            }
            formatter.run();
            return true;
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka log directory " + logDir, e);
        }
    }

    /**
     * The user as the storage formatter's SCRAM argument ({@code kafka-storage.sh format --add-scram}), with salt and
     * salted password given in base64 so that any character of the password survives the argument syntax.
     */
    private String scramArgument() throws Exception {
        ScramFormatter formatter = new ScramFormatter(
                org.apache.kafka.common.security.scram.internals.ScramMechanism.SCRAM_SHA_512);
        byte[] salt = formatter.secureRandomBytes();
        byte[] saltedPassword = formatter.saltedPassword(saslPassword, salt, SCRAM_ITERATIONS);
        Base64.Encoder base64 = Base64.getEncoder();
        return SASL_MECHANISM + "=[name=" + saslUser + ",salt=" + base64.encodeToString(salt) + ",saltedpassword="
                + base64.encodeToString(saltedPassword) + ",iterations=" + SCRAM_ITERATIONS + "]";
    }

    private static String listenerProperty(String listener, String property) {
        return "listener.name." + listener.toLowerCase(Locale.ROOT) + "." + property;
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The broker's login on the internal listener (its client side; the server side adds the account). */
    private String internalLogin() {
        return PlainLoginModule.class.getName() + " required username=\"" + INTERNAL_USER + "\" password=\""
                + internalSecret + "\";";
    }

    /** Creates or replaces the SASL user's credentials, as the broker itself over the internal listener. */
    private void upsertSaslUser() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, host + ":" + internalPort,
                AdminClientConfig.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_PLAINTEXT.name,
                SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, internalLogin()))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(saslUser,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), saslPassword)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot set the SASL credentials of " + saslUser, e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + (saslEnabled() ? CLIENT_LISTENER_SASL + " " : "") + host + ":" + port + ", "
                + logDir + "]";
    }

    /** How to build an {@link EmbeddedKafka}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Path logDir;
        private String saslUser;
        private String saslPassword;
        private final Map<String, String> overrides = new HashMap<>();

        private Builder() {
        }

        /**
         * Makes the client port a {@code SASL_PLAINTEXT} listener with {@value EmbeddedKafka#SASL_MECHANISM}: only
         * clients that log in as {@code user} with {@code password} get in (the broker creates the user itself). The
         * user name may hold letters, digits and {@code . _ @ -}; the password any characters.
         */
        public Builder saslScram(String user, String password) {
            if (user == null || !USER_NAME.matcher(user).matches()) {
                throw new IllegalArgumentException("the SASL user name must be letters, digits and . _ @ -, not "
                        + user);
            }
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("the SASL password must not be empty");
            }
            this.saslUser = user;
            this.saslPassword = password;
            return this;
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
