package io.leadfunnel.testing.fuzz;

import io.leadfunnel.testing.fuzz.RawHttp.Header;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Seeded generator of hostile request headers for fuzz tests: a valid request's headers with one or two of the
 * headers a service parses (authorization, content and accept types, idempotency keys, signatures and their
 * timestamps, forwarded addresses) replaced by hostile values, removed, sent twice or under another spelling of their
 * name. Values are raw bytes, so they can hold what an HTTP client library would refuse to send: control characters,
 * bytes above 0x7f, invalid UTF-8, a lone line break, numbers of any size and values of any length.
 * <p>
 * The framing headers ({@code Content-Length}, {@code Transfer-Encoding}) and {@code Host} stay as sent: they belong
 * to the HTTP layer, not to the services.
 */
public final class HeaderFuzzer {

    /** Values that have broken header parsers before, for any header. */
    public static final List<String> HOSTILE_VALUES = List.of(
            "", " ", "\t", "null", "0", "-1", "-0", "1.5", "1e3", "1e309", "NaN", "Infinity", "0x1F",
            "99999999999999999", "999999999999999999999999999999", "-99999999999999999", "+1", "١٢٣",
            "t=99999999999999999,v1=00", "t=-99999999999999999,v1=ab", "t=1e3,v1=ab", "t=,v1=", "t=abc,v1=",
            "t=1700000000", "v1=", "t", "=", ",", ";", "t=1,t=2,v1=a,v1=b", "v1=" + "0".repeat(64),
            "sha256=", "sha256=zz", "Bearer", "Bearer ", "Bearer  ", "bearer x", "BEARER x", "Bearer a.b.c",
            "Bearer ..", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4IiwiZ3JvdXBzIjpbImFkbWluIl19.",
            "Bearer eyJhbGciOiJSUzI1NiJ9.e30.AAAA", "Bearer eyJ", "Bearer %%%.%%%.%%%", "Bearer a b c",
            "Basic Zm9vOmJhcg==", "Basic", "Digest x", "Negotiate", "Bearer \u00e9\u00e8",
            "application/json; charset=utf-7", "application/json; charset=nonsense", "application/json;;;",
            "application/json; charset=", "application/", "/", "*/*", "*/*;q=abc", "application/json;q=2",
            "text/html, application/json;q=0.5", "multipart/form-data; boundary=", "application/x-www-form-urlencoded",
            "application/xml", "text/plain", "application/problem+json", "application/json, text/csv", "text/csv;q=-1",
            "${jndi:ldap://x}", "%s%s%n", "<script>alert(1)</script>", "' OR '1'='1", "{\"$gt\":\"\"}", "../../etc",
            "127.0.0.1", "::1", "unknown", "for=\"[::1]:80\";proto=https", "for=;by=", "1.2.3.4, 5.6.7.8",
            "999.999.999.999", "10.0.0.1,,,,", "_hidden", "a" + ",".repeat(500));

    /** Headers a sender may add beyond those of the request, each given hostile values. */
    private static final List<String> EXTRA = List.of(
            "X-Forwarded-For", "Forwarded", "X-Forwarded-Proto", "X-Real-IP", "Accept-Language", "Accept-Charset",
            "Origin", "Cookie", "If-None-Match", "X-Request-Id", "Idempotency-Key");

    /** Characters that separate the parts of structured header values. */
    private static final String SEPARATORS = "=,; .:-\"'\\";

    private final Random random;

    public HeaderFuzzer(Random random) {
        this.random = random;
    }

    /**
     * The headers of {@code valid} with one or two of the {@code fuzzed} ones (and now and then a header the request
     * does not carry) made hostile.
     */
    public List<Header> vary(List<Header> valid, List<String> fuzzed) {
        List<Header> headers = new ArrayList<>(valid);
        int changes = 1 + random.nextInt(2);
        for (int i = 0; i < changes; i++) {
            String name = fuzzed.get(random.nextInt(fuzzed.size()));
            byte[] validValue = headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).findFirst()
                    .map(Header::value).orElse(new byte[0]);
            int pick = random.nextInt(100);
            if (pick < 70) {
                headers.removeIf(h -> h.name().equalsIgnoreCase(name));
                headers.add(new Header(name, hostile(validValue)));
            } else if (pick < 80) {
                headers.removeIf(h -> h.name().equalsIgnoreCase(name));
            } else if (pick < 90) {
                headers.add(new Header(name, hostile(validValue))); // sent twice
            } else {
                headers.removeIf(h -> h.name().equalsIgnoreCase(name));
                headers.add(new Header(random.nextBoolean() ? name.toLowerCase(Locale.ROOT)
                        : name.toUpperCase(Locale.ROOT), hostile(validValue)));
            }
        }
        if (random.nextInt(10) == 0) {
            headers.add(new Header(EXTRA.get(random.nextInt(EXTRA.size())), hostile(new byte[0])));
        }
        return headers;
    }

    /** A hostile value, often derived from the valid one. */
    public byte[] hostile(byte[] valid) {
        int pick = random.nextInt(100);
        if (pick < 35 || valid.length == 0 && pick < 60) {
            return HOSTILE_VALUES.get(random.nextInt(HOSTILE_VALUES.size())).getBytes(StandardCharsets.UTF_8);
        }
        if (pick < 60) {
            return mutated(valid);
        }
        if (pick < 70) {
            return randomBytes(1 + random.nextInt(64));
        }
        if (pick < 78) {
            // a valid value with a number of any size where it had digits
            String text = new String(valid, StandardCharsets.ISO_8859_1);
            String number = random.nextBoolean() ? "9".repeat(1 + random.nextInt(60))
                    : "-" + "9".repeat(1 + random.nextInt(30));
            return text.replaceAll("[0-9]+", number).getBytes(StandardCharsets.ISO_8859_1);
        }
        if (pick < 86) {
            // long values: most below the HTTP layer's 8 KiB limit for a request head, some above
            byte[] unit = valid.length == 0 ? "a".getBytes(StandardCharsets.US_ASCII) : valid;
            int length = random.nextInt(4) == 0 ? 9_000 + random.nextInt(20_000) : 500 + random.nextInt(6_000);
            byte[] value = new byte[length];
            for (int i = 0; i < length; i++) {
                value[i] = unit[i % unit.length];
            }
            return value;
        }
        if (pick < 93) {
            // the valid value and a hostile one, comma-joined as a repeated header folds
            byte[] other = HOSTILE_VALUES.get(random.nextInt(HOSTILE_VALUES.size())).getBytes(StandardCharsets.UTF_8);
            byte[] joined = new byte[valid.length + 1 + other.length];
            System.arraycopy(valid, 0, joined, 0, valid.length);
            joined[valid.length] = ',';
            System.arraycopy(other, 0, joined, valid.length + 1, other.length);
            return joined;
        }
        // broken Unicode: a lone continuation byte, an overlong encoding, a surrogate, NUL
        byte[][] broken = {{(byte) 0x80}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                {0}, {(byte) 0xff, (byte) 0xfe}, {'\r'}, {'\n'}, {0x7f}};
        byte[] bad = broken[random.nextInt(broken.length)];
        int at = valid.length == 0 ? 0 : random.nextInt(valid.length + 1);
        byte[] value = new byte[valid.length + bad.length];
        System.arraycopy(valid, 0, value, 0, at);
        System.arraycopy(bad, 0, value, at, bad.length);
        System.arraycopy(valid, at, value, at + bad.length, valid.length - at);
        return value;
    }

    private byte[] mutated(byte[] valid) {
        byte[] value = valid.clone();
        int flips = 1 + random.nextInt(3);
        for (int i = 0; i < flips && value.length > 0; i++) {
            int at = random.nextInt(value.length);
            switch (random.nextInt(4)) {
                case 0 -> value[at] = (byte) (0x20 + random.nextInt(0x5f)); // another printable character
                case 1 -> value[at] = (byte) random.nextInt(256);
                case 2 -> value = java.util.Arrays.copyOf(value, at); // cut short
                default -> {
                    byte[] longer = new byte[value.length + 1];
                    System.arraycopy(value, 0, longer, 0, at);
                    longer[at] = (byte) SEPARATORS.charAt(random.nextInt(SEPARATORS.length()));
                    System.arraycopy(value, at, longer, at + 1, value.length - at);
                    value = longer;
                }
            }
        }
        return value;
    }

    private byte[] randomBytes(int length) {
        byte[] value = new byte[length];
        for (int i = 0; i < length; i++) {
            int b = random.nextInt(256);
            value[i] = (byte) (b == '\r' || b == '\n' ? 'x' : b);
        }
        return value;
    }
}
