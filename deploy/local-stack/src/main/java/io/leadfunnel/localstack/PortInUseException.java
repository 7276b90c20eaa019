package io.leadfunnel.localstack;

/** An engine's port is already taken, most often by another local stack or a Kafka/MongoDB server. */
public final class PortInUseException extends IllegalStateException {

    private final int port;

    public PortInUseException(String what, String host, int port) {
        super(what + " cannot listen on " + host + ":" + port + ": the port is already in use");
        this.port = port;
    }

    public int port() {
        return port;
    }
}
