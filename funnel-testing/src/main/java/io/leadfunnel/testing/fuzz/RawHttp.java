package io.leadfunnel.testing.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Sends one HTTP/1.1 request over a plain socket with header values as raw bytes, which {@code java.net.http} would
 * refuse to send (control characters, bytes above 0x7f, line breaks, values of any length), and reads the status of
 * the answer. Each request has a connection of its own ({@code Connection: close}).
 */
public final class RawHttp {

    /** A header as sent: a name and the raw bytes of its value. */
    public record Header(String name, byte[] value) {

        public static Header of(String name, String value) {
            return new Header(name, value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            String text = new String(value, StandardCharsets.ISO_8859_1);
            String shown = text.length() > 120 ? text.substring(0, 120) + "... (" + value.length + " bytes)" : text;
            StringBuilder escaped = new StringBuilder(name).append(": ");
            for (char c : shown.toCharArray()) {
                escaped.append(c < 0x20 || c >= 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
            return escaped.toString();
        }
    }

    /** A request head past this size may be refused (431) and the connection closed before it was all sent. */
    public static final int LONG_REQUEST_HEAD = 8192;

    private final String host;
    private final int port;

    public RawHttp(String baseUrl) {
        URI uri = URI.create(baseUrl);
        this.host = uri.getHost();
        this.port = uri.getPort();
    }

    /**
     * The status of the answer; {@link FuzzClient#CLOSED_ON_LARGE_BODY} when a request head over
     * {@link #LONG_REQUEST_HEAD} bytes was cut off by the service, {@link FuzzClient#NO_ANSWER} when the service closed
     * the connection or did not answer within 30 s (a server error).
     */
    public int send(String method, String pathAndQuery, List<Header> headers, byte[] body) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        write(head, method + " " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n");
        boolean lengthGiven = false;
        for (Header header : headers) {
            write(head, header.name() + ": ");
            head.writeBytes(header.value());
            write(head, "\r\n");
            lengthGiven |= header.name().equalsIgnoreCase("Content-Length")
                    || header.name().equalsIgnoreCase("Transfer-Encoding");
        }
        byte[] content = body == null ? new byte[0] : body;
        if (!lengthGiven) {
            write(head, "Content-Length: " + content.length + "\r\n");
        }
        write(head, "Connection: close\r\n\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toByteArray());
                out.write(content);
                out.flush();
            } catch (IOException cutOff) {
                // the service may answer and close before reading everything: its answer is still there to read
            }
            int status = status(socket.getInputStream());
            if (status > 0) {
                return status;
            }
        } catch (IOException e) {
            // no answer: decided below
        }
        return head.size() > LONG_REQUEST_HEAD ? FuzzClient.CLOSED_ON_LARGE_BODY : FuzzClient.NO_ANSWER;
    }

    /** The status code of the final answer (past any 1xx), or -1 when the connection closed before one. */
    private static int status(InputStream in) throws IOException {
        while (true) {
            String[] parts = line(in).split(" ");
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                return -1;
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                return -1;
            }
            if (status >= 200) {
                return status;
            }
            while (!line(in).isEmpty()) {
                // the interim answer's headers
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n' && line.size() < 8192) {
            line.write(b);
        }
        return line.toString(StandardCharsets.ISO_8859_1).trim();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
