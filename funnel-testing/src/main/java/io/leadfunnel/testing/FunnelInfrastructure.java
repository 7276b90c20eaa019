package io.leadfunnel.testing;

import io.leadfunnel.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import javax.management.JMException;
import javax.management.MBeanException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Kafka and MongoDB for tests, started once per test JVM and shared by every test class in it.
 * <p>
 * Where a Docker engine answers, Testcontainers runs {@value ContainerEngines#KAFKA_IMAGE} and
 * {@value ContainerEngines#MONGO_IMAGE}; elsewhere the engines run in-process (a KRaft Kafka broker and
 * mongo-java-server, from the local-stack module). {@code FUNNEL_TEST_INFRA=embedded|containers}, as a system property
 * or an environment variable, forces one. Tests keep apart by their own topics, database names or keys.
 * <p>
 * The engines stop when the JVM exits.
 */
public final class FunnelInfrastructure {

    /** System property or environment variable that forces a mode: {@code embedded} or {@code containers}. */
    public static final String MODE_SWITCH = "FUNNEL_TEST_INFRA";

    /** Partitions of the topics this class creates, as on the local stack: ordering by key matters. */
    public static final int PARTITIONS = 3;

    /** The funnel's topics and their dead-letter topics. */
    public static final List<String> FUNNEL_TOPICS = List.of(
            Topics.LEAD_EVENTS, Topics.LEAD_PROFILES, Topics.LEAD_SCORES, Topics.LEAD_LIFECYCLE,
            Topics.deadLetter(Topics.LEAD_EVENTS), Topics.deadLetter(Topics.LEAD_PROFILES),
            Topics.deadLetter(Topics.LEAD_SCORES), Topics.deadLetter(Topics.LEAD_LIFECYCLE));

    /** How the engines run. */
    public enum Mode {
        /** In-process Kafka broker and mongo-java-server. */
        EMBEDDED,
        /** Testcontainers: the real Kafka and MongoDB images. */
        CONTAINERS
    }

    private static FunnelInfrastructure instance;

    private final MBeanServer server;
    private final ObjectName host;
    private final Mode mode;
    private final String kafkaBootstrapServers;
    private final String mongoConnectionString;

    private FunnelInfrastructure(MBeanServer server, ObjectName host) throws JMException {
        this.server = server;
        this.host = host;
        this.mode = Mode.valueOf((String) server.getAttribute(host, "Mode"));
        this.kafkaBootstrapServers = (String) server.getAttribute(host, "KafkaBootstrapServers");
        this.mongoConnectionString = (String) server.getAttribute(host, "MongoConnectionString");
    }

    /** The shared infrastructure, started on first use. */
    public static synchronized FunnelInfrastructure get() {
        if (instance == null) {
            try {
                startEngineHost();
                instance = new FunnelInfrastructure(ManagementFactory.getPlatformMBeanServer(),
                        new ObjectName(EngineHost.OBJECT_NAME));
            } catch (JMException e) {
                throw new IllegalStateException("cannot reach the test infrastructure", e);
            }
        }
        return instance;
    }

    public Mode mode() {
        return mode;
    }

    /** {@code host:port} for {@code kafka.bootstrap.servers}; the same after {@link #stopKafka()}/{@link #startKafka()}. */
    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** {@code mongodb://host:port} without a database name. */
    public String mongoConnectionString() {
        return mongoConnectionString;
    }

    /**
     * Takes the broker away, to test that a service survives broker downtime. Embedded: the broker shuts down and
     * connections are refused. Containers: the container is paused, so connections hang until {@link #startKafka()}.
     */
    public void stopKafka() {
        invoke("stopKafka");
    }

    /** Brings the broker back on the same address with the same topics and records; returns once it is ready. */
    public void startKafka() {
        invoke("startKafka");
    }

    /**
     * Takes MongoDB away, to test that a service answers 503 and recovers. Embedded: the server shuts down (its data
     * is kept in memory) and connections are refused. Containers: the container is paused, so connections hang.
     */
    public void stopMongo() {
        invoke("stopMongo");
    }

    /** Brings MongoDB back on the same address with the same data. */
    public void startMongo() {
        invoke("startMongo");
    }

    /** Creates the funnel's topics and dead-letter topics; ones that exist are left as they are. */
    public void createFunnelTopics() {
        createTopics(FUNNEL_TOPICS.toArray(String[]::new));
    }

    /** Creates topics with {@value #PARTITIONS} partitions; ones that exist are left as they are. */
    public void createTopics(String... topics) {
        createTopics(PARTITIONS, topics);
    }

    /** Creates topics with the given partition count; ones that exist are left as they are. */
    public void createTopics(int partitions, String... topics) {
        List<NewTopic> newTopics = new ArrayList<>();
        for (String topic : topics) {
            newTopics.add(new NewTopic(topic, partitions, (short) 1).configs(Topics.config(topic)));
        }
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000"))) {
            admin.createTopics(newTopics).values().forEach((topic, created) -> {
                try {
                    created.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic, e.getCause());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("cannot create topic " + topic, e);
                }
            });
        }
    }

    /** A reader of this infrastructure's topics. */
    public TopicReader topicReader() {
        return new TopicReader(kafkaBootstrapServers);
    }

    /** A writer to this infrastructure's topics; close it when done. */
    public TopicWriter topicWriter() {
        return new TopicWriter(kafkaBootstrapServers);
    }

    @Override
    public String toString() {
        return "FunnelInfrastructure[" + mode + ", kafka " + kafkaBootstrapServers + ", mongo "
                + mongoConnectionString + "]";
    }

    private void invoke(String operation) {
        try {
            server.invoke(host, operation, null, null);
        } catch (MBeanException e) {
            Exception cause = e.getTargetException();
            throw cause instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(operation + " failed", cause);
        } catch (JMException e) {
            throw new IllegalStateException(operation + " failed", e);
        }
    }

    /** Runs {@link EngineHost#startOnce()} in the longest-lived class loader that can see it. */
    private static void startEngineHost() throws JMException {
        Class<?> hostClass;
        try {
            hostClass = Class.forName(EngineHost.class.getName(), true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            hostClass = EngineHost.class;
        }
        try {
            Method startOnce = hostClass.getDeclaredMethod("startOnce");
            startOnce.setAccessible(true);
            startOnce.invoke(null);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof JMException jmx) {
                throw jmx;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("cannot start the test infrastructure", cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start the test infrastructure", e);
        }
    }

    static Mode chooseMode() {
        String forced = System.getProperty(MODE_SWITCH, System.getenv(MODE_SWITCH));
        if (forced != null && !forced.isBlank()) {
            return switch (forced.trim().toLowerCase(Locale.ROOT)) {
                case "embedded" -> Mode.EMBEDDED;
                case "containers" -> Mode.CONTAINERS;
                default -> throw new IllegalArgumentException(
                        MODE_SWITCH + " must be 'embedded' or 'containers', not '" + forced + "'");
            };
        }
        return DockerProbe.dockerAvailable() ? Mode.CONTAINERS : Mode.EMBEDDED;
    }
}
