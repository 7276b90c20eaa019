package io.leadfunnel.lead.rest;

import io.leadfunnel.lead.repository.DeliveryDocument;
import io.leadfunnel.lead.repository.DeliveryRepository;
import io.leadfunnel.runtime.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} handling: the first successful answer to a key is stored with a hash of the request, and a
 * repeat of the same request gets that answer again, status and body. The same key with a different request is
 * refused (422), since answering it either way would hide a client bug. Failed requests are not stored, so a client
 * may fix its request and retry with the same key. Keys are remembered as long as webhook delivery ids
 * ({@code funnel.lead.deliveries.retention}).
 */
@ApplicationScoped
public class IdempotencyKeys {

    /** The header a client sends. */
    public static final String HEADER = "Idempotency-Key";
    /** The delivery channel the keys are stored under. */
    public static final String CHANNEL = "api-idempotency";
    /** Header on a repeated answer, so a client can tell a replay from a first answer. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");

    private final DeliveryRepository deliveries;
    private final Clock clock;

    public IdempotencyKeys(DeliveryRepository deliveries, Clock clock) {
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /** An answer stored for a key. */
    public record StoredAnswer(int status, String body, List<String> leadIds) {
    }

    /**
     * Checks a key's form.
     *
     * @throws ProblemException 400 naming the header when the key is empty, too long or not printable ASCII
     */
    public static void checkKey(String key) {
        if (key != null && !KEY.matcher(key).matches()) {
            throw ProblemException.invalidField(HEADER, "must be 1 to 200 printable ASCII characters without spaces");
        }
    }

    /** SHA-256 of the request's canonical form, as stored and compared. */
    public static String hash(String canonicalRequest) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonicalRequest.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * The stored answer of an earlier request with this key, if any.
     *
     * @throws ProblemException 422 naming the header when the key was used for a different request
     */
    public Optional<StoredAnswer> previous(String key, String requestHash) {
        return deliveries.find(CHANNEL, key).map(stored -> {
            if (!requestHash.equals(stored.requestHash)) {
                throw ProblemException.unprocessable("this " + HEADER + " was already used for a different request; "
                        + "use a new key for a new request", HEADER);
            }
            return new StoredAnswer(stored.status, stored.response, stored.leadIds);
        });
    }

    /**
     * Stores the answer to a key and returns the answer that now stands for it: this one, or the one a concurrent
     * request with the same key stored first.
     */
    public StoredAnswer remember(String key, String requestHash, StoredAnswer answer) {
        DeliveryDocument delivery = new DeliveryDocument();
        delivery.id = DeliveryRepository.key(CHANNEL, key);
        delivery.requestHash = requestHash;
        delivery.status = answer.status();
        delivery.response = answer.body();
        delivery.leadIds = answer.leadIds();
        delivery.receivedAt = clock.instant();
        deliveries.record(delivery);
        return previous(key, requestHash).orElse(answer);
    }
}
