package io.leadfunnel.metrics.aggregate;

import org.bson.Document;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The BSON of counters by document ({@code {document: {counter: n}}}), written and read byte by byte: a poll encodes
 * every changed lead's change and each partition's sum, hundreds of counters each, and the driver's general writer and
 * reader cost more per counter than the counting itself (a state check, an array and a context object per value). The
 * bytes are those the driver writes for the same document (int64 counters, names in UTF-8), so values written before
 * read the same; int32 counters, which a plain document stored earlier may hold, read as longs.
 *
 * <p>BSON (bsonspec.org): a document is its length (int32, little-endian, itself included), its elements and a zero
 * byte; an element is a type byte, a name (UTF-8, zero-terminated) and the value: {@code 0x03} an embedded document,
 * {@code 0x10} an int32, {@code 0x12} an int64.
 */
final class StoredCounters {

    private static final byte END = 0x00;
    private static final byte DOCUMENT = 0x03;
    private static final byte INT32 = 0x10;
    private static final byte INT64 = 0x12;

    private StoredCounters() {
    }

    /** The BSON of {@code byDocument}; {@code counters} (how many there are in all) sizes the buffer. */
    static byte[] write(Map<String, Map<String, Long>> byDocument, int counters) {
        Output out = new Output(64 + 40 * counters);
        int top = out.startDocument();
        byDocument.forEach((document, values) -> {
            out.element(DOCUMENT, document);
            int inner = out.startDocument();
            values.forEach((counter, n) -> {
                out.element(INT64, counter);
                out.int64(n);
            });
            out.endDocument(inner);
        });
        out.endDocument(top);
        return out.bytes();
    }

    /**
     * The embedded documents of {@code bson} that {@code wanted} accepts, each as its counters by name (longs); the
     * others are skipped by their length, unread.
     *
     * @param names the names read so far, each held once: a name found in it is taken from it instead of the one just
     *              read, and a new one is added (a fold pass holds what it decodes from many entries, which name the
     *              same documents and counters again and again); null to keep the names as read
     * @throws IllegalStateException when the bytes are not a document of documents of integers
     */
    static Document read(byte[] bson, Predicate<String> wanted, Map<String, String> names) {
        Input in = new Input(bson);
        Document documents = new Document();
        int end = in.documentEnd();
        byte type;
        while ((type = in.next()) != END) {
            String document = held(in.cstring(), names);
            if (type != DOCUMENT) {
                throw in.corrupt(document + " is of BSON type " + type + ", not a document");
            }
            int innerEnd = in.documentEnd();
            if (!wanted.test(document)) {
                in.skipTo(innerEnd);
                continue;
            }
            Document counters = new Document();
            while ((type = in.next()) != END) {
                String counter = held(in.cstring(), names);
                counters.put(counter, switch (type) {
                    case INT64 -> in.int64();
                    case INT32 -> (long) in.int32();
                    default -> throw in.corrupt("counter " + counter + " of " + document + " is of BSON type " + type
                            + ", not an integer");
                });
            }
            in.expectAt(innerEnd);
            documents.put(document, counters);
        }
        in.expectAt(end);
        return documents;
    }

    /** {@code name} as {@code names} holds it, added when it holds none; {@code name} itself when there is no pool. */
    private static String held(String name, Map<String, String> names) {
        if (names == null) {
            return name;
        }
        String before = names.putIfAbsent(name, name);
        return before == null ? name : before;
    }

    private static final class Output {
        private byte[] bytes;
        private int at;

        Output(int capacity) {
            bytes = new byte[capacity];
        }

        /** Leaves room for the length; returns where the document starts. */
        int startDocument() {
            room(4);
            at += 4;
            return at - 4;
        }

        void endDocument(int start) {
            room(1);
            bytes[at++] = END;
            int length = at - start;
            bytes[start] = (byte) length;
            bytes[start + 1] = (byte) (length >>> 8);
            bytes[start + 2] = (byte) (length >>> 16);
            bytes[start + 3] = (byte) (length >>> 24);
        }

        void element(byte type, String name) {
            room(name.length() + 2);
            bytes[at++] = type;
            int start = at;
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c == 0) {
                    throw new IllegalArgumentException("a BSON name cannot hold a zero character: " + name);
                }
                if (c >= 0x80) { // not ASCII: the whole name as UTF-8
                    at = start;
                    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
                    room(utf8.length + 1);
                    System.arraycopy(utf8, 0, bytes, at, utf8.length);
                    at += utf8.length;
                    break;
                }
                bytes[at++] = (byte) c;
            }
            bytes[at++] = END;
        }

        void int64(long n) {
            room(8);
            for (int i = 0; i < 8; i++) {
                bytes[at++] = (byte) (n >>> (8 * i));
            }
        }

        private void room(int more) {
            if (at + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, at + more));
            }
        }

        byte[] bytes() {
            return at == bytes.length ? bytes : Arrays.copyOf(bytes, at);
        }
    }

    private static final class Input {
        private final byte[] bytes;
        private int at;

        Input(byte[] bytes) {
            this.bytes = bytes;
        }

        /** Reads a document's length; returns where it ends (after its last byte). */
        int documentEnd() {
            int start = at;
            int end = start + int32();
            if (end > bytes.length || end < start + 5) {
                throw corrupt("a document's length runs past its bytes");
            }
            return end;
        }

        byte next() {
            need(1);
            return bytes[at++];
        }

        String cstring() {
            int start = at;
            while (at < bytes.length && bytes[at] != END) {
                at++;
            }
            need(1);
            String text = new String(bytes, start, at - start, StandardCharsets.UTF_8);
            at++;
            return text;
        }

        int int32() {
            need(4);
            int n = (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8 | (bytes[at + 2] & 0xff) << 16
                    | (bytes[at + 3] & 0xff) << 24;
            at += 4;
            return n;
        }

        long int64() {
            need(8);
            long n = 0;
            for (int i = 7; i >= 0; i--) {
                n = n << 8 | (bytes[at + i] & 0xff);
            }
            at += 8;
            return n;
        }

        void skipTo(int end) {
            at = end;
        }

        void expectAt(int end) {
            if (at != end) {
                throw corrupt("a document ends at byte " + at + ", not at " + end + " as its length says");
            }
        }

        private void need(int n) {
            if (at + n > bytes.length) {
                throw corrupt("the bytes end inside a value");
            }
        }

        IllegalStateException corrupt(String what) {
            return new IllegalStateException("stored counters are not valid BSON: " + what);
        }
    }
}
