package io.leadfunnel.localstack;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A MongoDB wire-protocol server in this JVM (de.bwaldvogel mongo-java-server).
 * <p>
 * With a data file it uses the H2 backend and the data survives a restart; without one it keeps everything in memory,
 * and a {@link #stop()} followed by {@link #start()} in the same JVM keeps that too (the memory is released only by
 * {@link #close()}), so a test can take the database away and bring it back. It has no transactions and no change streams, which this project does not rely on. The port is fixed at the first
 * {@link #start()}, so a restarted server comes back on the same address.
 */
public final class EmbeddedMongo implements AutoCloseable {

    /**
     * Network threads of the server, each serving its share of the connections. The engine runs a command on the
     * thread of its connection, and a command waits there for its collection (one operation at a time per collection),
     * so every other connection of that thread waits too, whatever collection it wants. The server's default of two
     * per core put the connections of four services (pools of up to 32 each) behind four threads on this project's
     * two-core machines; with this many a connection rarely shares its thread with a busy one. Idle threads cost a
     * stack and nothing else.
     */
    static final int NETWORK_THREADS = 32;

    private final String host;
    private final Path dataFile;
    private int port;
    private MongoServer server;
    /** The memory backend, kept across stop and start; {@code null} with a data file or before the first start. */
    private MongoBackend memory;

    private EmbeddedMongo(Builder builder) {
        this.host = builder.host;
        this.port = builder.port;
        this.dataFile = builder.dataFile == null ? null : builder.dataFile.toAbsolutePath();
    }

    /** A server on 127.0.0.1, a free port and the memory backend; see {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the server. Does nothing when it is already running.
     *
     * @throws PortInUseException when the configured port is taken by another process
     */
    public synchronized EmbeddedMongo start() {
        if (server != null) {
            return this;
        }
        if (port == 0) {
            port = Ports.free(host);
        } else {
            Ports.requireFree(host, port, "MongoDB");
        }
        MongoServer started = new MongoServer(backend());
        try {
            started.bind(new InetSocketAddress(host, port), 1, NETWORK_THREADS);
        } catch (RuntimeException e) {
            started.shutdownNow();
            throw e;
        }
        server = started;
        return this;
    }

    /** Stops the server; with a data file the data stays for the next {@link #start()}. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
        } finally {
            server = null;
        }
    }

    /** Stops the server and releases everything, including in-memory data. */
    @Override
    public synchronized void close() {
        stop();
        if (memory != null) {
            memory.close();
            memory = null;
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** {@code mongodb://host:port}, without a database: each service names its own. */
    public synchronized String connectionString() {
        if (port == 0) {
            throw new IllegalStateException("the server has not been started yet, so it has no port");
        }
        return "mongodb://" + host + ":" + port;
    }

    public synchronized int port() {
        return port;
    }

    /** The H2 data file, or {@code null} for the memory backend. */
    public Path dataFile() {
        return dataFile;
    }

    private MongoBackend backend() {
        MongoBackend backend;
        if (dataFile == null) {
            if (memory == null) {
                memory = new IdLookupMemoryBackend().version(ServerVersion.MONGO_5_0);
            }
            return keptOpen(memory);
        } else {
            try {
                if (dataFile.getParent() != null) {
                    Files.createDirectories(dataFile.getParent());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the directory of " + dataFile, e);
            }
            backend = new IdLookupH2Backend(dataFile.toString());
        }
        // the MongoDB Java driver 5.x refuses servers that announce a version older than 4.0
        return backend.version(ServerVersion.MONGO_5_0);
    }

    /** The backend as the server sees it, except that the server's shutdown does not close (and so empty) it. */
    private static MongoBackend keptOpen(MongoBackend backend) {
        return (MongoBackend) Proxy.newProxyInstance(MongoBackend.class.getClassLoader(),
                new Class<?>[] {MongoBackend.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        return null;
                    }
                    try {
                        return method.invoke(backend, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public String toString() {
        return "EmbeddedMongo[" + host + ":" + port + ", " + (dataFile == null ? "memory" : dataFile) + "]";
    }

    /** How to build an {@link EmbeddedMongo}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Path dataFile;

        private Builder() {
        }

        /** The address to listen on; {@code 127.0.0.1} by default. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The port; 0 (the default) picks a free one at the first start and keeps it. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** An H2 data file that survives restarts; by default the data lives in memory only. */
        public Builder dataFile(Path dataFile) {
            this.dataFile = dataFile;
            return this;
        }

        public EmbeddedMongo build() {
            return new EmbeddedMongo(this);
        }
    }
}
