package io.leadfunnel.testing;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;

/**
 * Starts the engines once per JVM and publishes them as the MBean {@value #OBJECT_NAME}.
 * <p>
 * Quarkus loads test libraries in a class loader per application start and closes it on restart; an engine started
 * from such a loader would lose its classes mid-run. {@link FunnelInfrastructure} therefore has this class loaded by
 * the system class loader, which lives as long as the JVM, whenever that loader can see it.
 */
final class EngineHost implements EngineHostMBean {

    static final String OBJECT_NAME = "io.leadfunnel.testing:type=FunnelInfrastructure";

    private final Engines engines;

    private EngineHost(Engines engines) {
        this.engines = engines;
    }

    /** Starts the engines and registers the MBean, unless an earlier call (from any class loader) did. */
    static void startOnce() throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(OBJECT_NAME);
        synchronized (server) {
            if (server.isRegistered(name)) {
                return;
            }
            Engines engines = withOwnClassLoader(() -> FunnelInfrastructure.chooseMode()
                    == FunnelInfrastructure.Mode.CONTAINERS ? ContainerEngines.start() : EmbeddedEngines.start());
            Thread shutdown = new Thread(engines::close, "funnel-infrastructure-shutdown");
            shutdown.setContextClassLoader(EngineHost.class.getClassLoader());
            Runtime.getRuntime().addShutdownHook(shutdown);
            server.registerMBean(new StandardMBean(new EngineHost(engines), EngineHostMBean.class), name);
        }
    }

    @Override
    public String getMode() {
        return engines.mode().name();
    }

    @Override
    public String getKafkaBootstrapServers() {
        return engines.kafkaBootstrapServers();
    }

    @Override
    public String getMongoConnectionString() {
        return engines.mongoConnectionString();
    }

    @Override
    public void stopKafka() {
        withOwnClassLoader(() -> {
            engines.stopKafka();
            return null;
        });
    }

    @Override
    public void startKafka() {
        withOwnClassLoader(() -> {
            engines.startKafka();
            return null;
        });
    }

    @Override
    public void stopMongo() {
        withOwnClassLoader(() -> {
            engines.stopMongo();
            return null;
        });
    }

    @Override
    public void startMongo() {
        withOwnClassLoader(() -> {
            engines.startMongo();
            return null;
        });
    }

    /**
     * Runs {@code action} with this class's loader as the thread's context class loader: Kafka loads configured
     * classes through it, and the threads it starts inherit it. The caller's (a Quarkus application's) loader would
     * give the broker a second copy of its own classes and tie it to a loader that is closed on restart.
     */
    private static <T> T withOwnClassLoader(java.util.function.Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader callers = thread.getContextClassLoader();
        thread.setContextClassLoader(EngineHost.class.getClassLoader());
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(callers);
        }
    }
}
