package io.leadfunnel.testing.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded generator of hostile request bodies for fuzz tests: structural mutations of a valid JSON body (fields removed,
 * retyped, replaced by MongoDB operators, dotted or {@code $} keys, huge strings, deep nesting, out-of-range numbers,
 * NaN and infinities, dates far away, broken Unicode), textual and byte-level corruption, and random JSON.
 * <p>
 * The same seed gives the same sequence, so a failing input can be replayed: {@link #fromSystemProperty()} takes the
 * seed from {@code -Dfuzz.seed=...}, uses {@link #DEFAULT_SEED} when none is given (so the build is reproducible) and
 * picks a new one from the clock for {@code -Dfuzz.seed=random} (to explore); it prints the seed either way.
 */
public final class JsonFuzzer {

    /** Values a MongoDB query would read as operators if a service passed client input through unchecked. */
    public static final List<String> OPERATOR_VALUES = List.of(
            "{\"$gt\":\"\"}", "{\"$ne\":null}", "{\"$where\":\"sleep(1000)\"}", "{\"$regex\":\".*\"}",
            "{\"$exists\":true}", "{\"$in\":[null,\"\"]}", "{\"$expr\":{\"$eq\":[1,1]}}");

    /** Keys that MongoDB treats specially in documents or update paths. */
    public static final List<String> HOSTILE_KEYS = List.of(
            "$where", "$gt", "$set", "a.b", "profile.email", "..", "$", "", "__proto__", "_id", "outbox", "version");

    /** Strings that have broken parsers, logs and databases before. */
    public static final List<String> HOSTILE_STRINGS = List.of(
            "", " ", "null", "undefined", "NaN", "Infinity", "-Infinity", "0", "-0", "1e309", "true",
            "\u0000", "a\u0000b", "\uD800", "\uDFFF", "x\uD83D", "\u202Eevil", "\uFEFFbom", "e\u0301\u0301\u0301",
            "\uD83D\uDE00", "<script>alert(1)</script>", "' OR '1'='1", "${jndi:ldap://x}", "%s%s%n", "../../etc/passwd",
            "\r\nSet-Cookie: x=y", "ada@example.com\r\nBcc: x@y", "@", "a@", "@b", "a@b@c", "$where", "a.b", "{\"$gt\":\"\"}",
            "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "+1000000000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z",
            "2026-02-30T00:00:00Z", "2026-13-45", "P9999999999D", "PT-1S", "1970-01-01", "not-a-date");

    /** Number literals at and beyond the edges of the types a service might parse them into. */
    public static final List<String> HOSTILE_NUMBERS = List.of(
            "0", "-1", "-0", "2147483648", "-2147483649", "9223372036854775808", "-9223372036854775809",
            "1e309", "-1e309", "1e-400", "4.9e-324", "1.7976931348623157e308", "123456789012345678901234567890",
            "0.1e99999", "NaN", "Infinity", "-Infinity", "1.0", "00001", "1E2");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Largest text a grown batch may reach (characters of the copied elements). */
    private static final long MAX_BATCH_CHARS = 4L << 20;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Raw fragments are spliced in after serialization, for what Jackson would not write (NaN, deep nesting). */
    private static final String RAW_MARK = "\u0001raw:";

    private final long seed;
    private final Random random;
    private final Map<String, String> rawFragments = new HashMap<>();

    public JsonFuzzer(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    /**
     * The seed of a plain build: every run of {@code ./mvnw verify} tries the same inputs, so a red build is the code's
     * doing, not the draw's. New inputs are explored with {@code -Dfuzz.seed=random}.
     */
    public static final long DEFAULT_SEED = 20_261_127L;

    /** A fuzzer seeded from {@code -Dfuzz.seed} ({@code random}: from the clock; none: {@link #DEFAULT_SEED}). */
    public static JsonFuzzer fromSystemProperty() {
        String configured = System.getProperty("fuzz.seed", "").trim();
        long seed = configured.isEmpty() ? DEFAULT_SEED
                : configured.equalsIgnoreCase("random") ? System.nanoTime() : Long.parseLong(configured);
        System.out.println("fuzz seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        return new JsonFuzzer(seed);
    }

    public long seed() {
        return seed;
    }

    /** The random source, for tests that also pick other things (endpoints, headers) reproducibly. */
    public Random random() {
        return random;
    }

    /**
     * The next input derived from a valid body: mostly structural mutations (so the input passes the JSON parser and
     * reaches validation and storage), some textual corruption, some random JSON and hostile strings.
     */
    public String next(String validJson) {
        int pick = random.nextInt(100);
        if (pick < 65) {
            return mutate(validJson);
        }
        if (pick < 80) {
            return corruptText(validJson);
        }
        if (pick < 92) {
            return randomJson();
        }
        return pick < 96 ? quoted(hostileString()) : hostileString();
    }

    /** One to three structural mutations of a valid JSON body; the result is JSON, except for spliced NaN literals. */
    public String mutate(String validJson) {
        JsonNode root;
        try {
            root = JSON.readTree(validJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body to mutate must be valid JSON", e);
        }
        rawFragments.clear();
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            root = mutateSomewhere(root);
        }
        return splice(write(root));
    }

    /** Byte-level corruption: invalid UTF-8 sequences, truncation, flipped and inserted bytes. */
    public byte[] mutateBytes(byte[] body) {
        byte[] bytes = body.clone();
        switch (random.nextInt(5)) {
            case 0:
                return insert(bytes, new byte[] {(byte) 0xC3, (byte) 0x28}); // invalid two-byte sequence
            case 1:
                return insert(bytes, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}); // UTF-8-encoded surrogate
            case 2:
                return insert(bytes, new byte[] {(byte) 0xFF, (byte) 0xFE, 0});
            case 3:
                return java.util.Arrays.copyOf(bytes, bytes.length == 0 ? 0 : random.nextInt(bytes.length));
            default:
                if (bytes.length > 0) {
                    int at = random.nextInt(bytes.length);
                    bytes[at] = (byte) (bytes[at] ^ (1 << random.nextInt(8)));
                }
                return bytes;
        }
    }

    /** Random JSON: any value kind, sometimes deep, sometimes with hostile keys and values. */
    public String randomJson() {
        rawFragments.clear();
        return splice(write(randomNode(0)));
    }

    /** A hostile string from the catalogue, a huge string, or a random one. */
    public String hostileString() {
        int pick = random.nextInt(10);
        if (pick < 6) {
            return HOSTILE_STRINGS.get(random.nextInt(HOSTILE_STRINGS.size()));
        }
        if (pick < 8) {
            return "x".repeat(1 << (10 + random.nextInt(11))); // 1 KiB to 1 MiB
        }
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            text.append((char) random.nextInt(0x10000));
        }
        return text.toString();
    }

    /** A JSON text nested {@code depth} levels deep, as arrays or objects. */
    public static String deeplyNested(int depth, boolean objects) {
        String open = objects ? "{\"a\":" : "[";
        String close = objects ? "}" : "]";
        return open.repeat(depth) + "1" + close.repeat(depth);
    }

    /** The UTF-8 bytes of a text, for senders that sign and send bytes. */
    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------ structural

    private JsonNode mutateSomewhere(JsonNode root) {
        List<JsonNode> containers = new ArrayList<>();
        collectContainers(root, containers);
        if (containers.isEmpty() || random.nextInt(20) == 0) {
            return hostileNode();
        }
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode) {
            mutateObject((ObjectNode) target);
        } else {
            mutateArray((ArrayNode) target);
        }
        return root;
    }

    private void mutateObject(ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        String name = names.isEmpty() ? null : names.get(random.nextInt(names.size()));
        switch (random.nextInt(5)) {
            case 0:
                if (name != null) {
                    object.remove(name);
                }
                break;
            case 1:
                object.set(HOSTILE_KEYS.get(random.nextInt(HOSTILE_KEYS.size())), hostileNode());
                break;
            case 2:
                if (name != null) {
                    object.set(name, retyped(object.get(name)));
                }
                break;
            default:
                if (name != null) {
                    object.set(name, hostileNode());
                }
        }
    }

    private void mutateArray(ArrayNode array) {
        switch (random.nextInt(4)) {
            case 0:
                if (!array.isEmpty()) {
                    array.remove(random.nextInt(array.size()));
                }
                break;
            case 1: // many copies of one element: an oversized batch
                if (!array.isEmpty()) {
                    JsonNode element = array.get(random.nextInt(array.size()));
                    int copies = random.nextBoolean() ? 1 + random.nextInt(5) : 100 + random.nextInt(2000);
                    // a batch of a thousand copies of a 1 MiB element would take gigabytes before it is even sent;
                    // a few MiB are enough to pass every body limit
                    copies = (int) Math.min(copies, Math.max(1, MAX_BATCH_CHARS / Math.max(1, size(element))));
                    for (int i = 0; i < copies; i++) {
                        array.add(element.deepCopy());
                    }
                }
                break;
            case 2:
                array.add(hostileNode());
                break;
            default:
                if (!array.isEmpty()) {
                    array.set(random.nextInt(array.size()), hostileNode());
                }
        }
    }

    private JsonNode retyped(JsonNode value) {
        switch (random.nextInt(6)) {
            case 0:
                return NODES.nullNode();
            case 1:
                return NODES.booleanNode(random.nextBoolean());
            case 2:
                return NODES.arrayNode().add(value);
            case 3:
                return NODES.objectNode().set("value", value);
            case 4:
                return NODES.textNode(value.toString());
            default:
                return NODES.numberNode(random.nextInt());
        }
    }

    private JsonNode hostileNode() {
        switch (random.nextInt(7)) {
            case 0:
                return raw(OPERATOR_VALUES.get(random.nextInt(OPERATOR_VALUES.size())));
            case 1:
                return raw(HOSTILE_NUMBERS.get(random.nextInt(HOSTILE_NUMBERS.size())));
            case 2:
                return raw(deeplyNested(random.nextBoolean() ? 64 + random.nextInt(64) : 1000 + random.nextInt(20000),
                        random.nextBoolean()));
            case 3:
                return NODES.numberNode(new BigDecimal(new BigInteger(200, random), random.nextInt(400) - 200));
            case 4:
                return randomNode(2);
            default:
                return NODES.textNode(hostileString());
        }
    }

    private JsonNode randomNode(int depth) {
        int kinds = depth > 6 ? 5 : 7;
        switch (random.nextInt(kinds)) {
            case 0:
                return NODES.nullNode();
            case 1:
                return NODES.booleanNode(random.nextBoolean());
            case 2:
                return NODES.numberNode(random.nextLong());
            case 3:
                return NODES.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            case 4:
                return NODES.textNode(hostileString());
            case 5: {
                ArrayNode array = NODES.arrayNode();
                int size = random.nextInt(5);
                for (int i = 0; i < size; i++) {
                    array.add(randomNode(depth + 1));
                }
                return array;
            }
            default: {
                ObjectNode object = NODES.objectNode();
                int size = random.nextInt(5);
                for (int i = 0; i < size; i++) {
                    String key = random.nextInt(4) == 0 ? HOSTILE_KEYS.get(random.nextInt(HOSTILE_KEYS.size()))
                            : "f" + random.nextInt(50);
                    object.set(key, randomNode(depth + 1));
                }
                return object;
            }
        }
    }

    private static void collectContainers(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
                collectContainers(children.next(), into);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ textual

    private String corruptText(String json) {
        if (json.isEmpty()) {
            return "{";
        }
        int at = random.nextInt(json.length());
        switch (random.nextInt(6)) {
            case 0:
                return json.substring(0, at);
            case 1:
                return json.substring(0, at) + "\"" + json.substring(at);
            case 2:
                return json.substring(0, at) + json.substring(Math.min(json.length(), at + 1 + random.nextInt(8)));
            case 3: // the same key twice
                return json.startsWith("{") ? "{\"email\":\"dup@example.com\"," + json.substring(1) : json + json;
            case 4:
                return json.substring(0, at) + (char) random.nextInt(0x10000) + json.substring(at);
            default:
                return json + ",{}";
        }
    }

    private JsonNode raw(String fragment) {
        String key = RAW_MARK + rawFragments.size();
        rawFragments.put(key, fragment);
        return NODES.textNode(key);
    }

    /** Characters a node takes once written and its raw fragments spliced in. */
    private long size(JsonNode node) {
        String text = node.toString();
        long size = text.length();
        for (Map.Entry<String, String> fragment : rawFragments.entrySet()) {
            if (text.contains(fragment.getKey())) {
                size += fragment.getValue().length();
            }
        }
        return size;
    }

    private String splice(String json) {
        String result = json;
        for (Map.Entry<String, String> fragment : rawFragments.entrySet()) {
            result = result.replace(quoted(fragment.getKey()), fragment.getValue());
        }
        return result;
    }

    private static String quoted(String text) {
        return write(NODES.textNode(text));
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] insert(byte[] bytes, byte[] fragment) {
        int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
        byte[] result = new byte[bytes.length + fragment.length];
        System.arraycopy(bytes, 0, result, 0, at);
        System.arraycopy(fragment, 0, result, at, fragment.length);
        System.arraycopy(bytes, at, result, at + fragment.length, bytes.length - at);
        return result;
    }
}
