package io.leadfunnel.runtime.net;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Given a server that pauses each request until a handler reads it (as Quarkus does) and a route that refuses without
 * reading, when a client sends a large body, then it gets the refusal and its kept-alive connection serves the next
 * request; a body over the bound closes the connection; a body the route read is answered as usual.
 */
class UnreadBodyDrainTest {

    private static final int BOUND = 256 * 1024;

    private Vertx vertx;
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        new UnreadBodyDrain(BOUND).install(router);
        router.post("/refuse").handler(context -> context.response().setStatusCode(401).end("refused"));
        router.post("/read").handler(context -> {
            context.request().body().onSuccess(body -> context.response().end("read " + body.length()));
            context.request().resume();
        });
        server = vertx.createHttpServer().requestHandler(request -> {
            request.pause();
            router.handle(request);
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRefusalAnsweredBeforeTheBodyWasReadKeepsTheConnectionForTheNextRequest() throws IOException {
        try (Socket socket = connect()) {
            for (int i = 0; i < 3; i++) {
                assertThat(exchange(socket, "/refuse", BOUND - 1024)).startsWith("HTTP/1.1 401").endsWith("refused");
            }
            assertThat(exchange(socket, "/read", 1024)).startsWith("HTTP/1.1 200").endsWith("read 1024");
        }
    }

    @Test
    void aBodyReadByTheRouteIsAnsweredAsBefore() throws IOException {
        try (Socket socket = connect()) {
            assertThat(exchange(socket, "/read", BOUND * 2)).startsWith("HTTP/1.1 200").endsWith("read " + BOUND * 2);
            assertThat(exchange(socket, "/read", 10)).startsWith("HTTP/1.1 200").endsWith("read 10");
        }
    }

    @Test
    void anUnreadBodyOverTheBoundClosesTheConnection() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "/refuse", 4 * BOUND);
            // the answer may or may not survive the close; the connection must not stay open
            InputStream in = socket.getInputStream();
            try {
                while (in.read() != -1) {
                    // the answer, then the end of the stream
                }
            } catch (SocketTimeoutException open) {
                fail("the connection stayed open after an unread body over the bound");
            } catch (IOException reset) {
                // the close reset the connection: closed all the same
            }
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.actualPort()), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Sends one request and reads its answer: status line, headers and a body of Content-Length bytes. */
    private static String exchange(Socket socket, String path, int bodyLength) throws IOException {
        send(socket, path, bodyLength);
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        int length = Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
        return head + new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    }

    private static void send(Socket socket, String path, int bodyLength) throws IOException {
        byte[] body = new byte[bodyLength];
        Arrays.fill(body, (byte) 'x');
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + bodyLength + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        // sent from another thread: the answer may come before the server read the body
        Thread writer = new Thread(() -> {
            try {
                out.write(body);
                out.flush();
            } catch (IOException closed) {
                // the server closed the connection: the test reads how
            }
        });
        writer.start();
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("the connection closed before the answer's head: " + head);
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
