package io.leadfunnel.lead.webhook;

import io.leadfunnel.runtime.problem.ProblemException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;

/**
 * The checks every webhook makes before it looks at a body: the content type, and the size, read from the raw bytes so
 * that the signature is computed over exactly what the sender signed.
 */
final class RawBody {

    private RawBody() {
    }

    /**
     * Reads at most {@code maxBytes}; one byte more means the body is too large.
     *
     * @throws ProblemException 413 when the body is larger than {@code maxBytes}
     */
    static byte[] read(InputStream in, int maxBytes) {
        if (in == null) {
            return new byte[0];
        }
        try (in) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw ProblemException.tooLarge("the body is larger than " + maxBytes + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the webhook body failed", e);
        }
    }

    /**
     * Checks the media type (parameters such as {@code charset} are not compared).
     *
     * @throws ProblemException 415 naming the accepted types
     */
    static void requireContentType(String header, Set<String> accepted) {
        String type = header == null ? "" : header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!accepted.contains(type)) {
            throw ProblemException.unsupportedMediaType(
                    (type.isEmpty() ? "no content type" : "content type " + type + " is not accepted")
                            + "; send " + String.join(" or ", accepted.stream().sorted().toList()));
        }
    }
}
