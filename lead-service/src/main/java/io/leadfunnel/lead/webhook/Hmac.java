package io.leadfunnel.lead.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** HMAC-SHA256 and the constant-time comparison both signature schemes rely on. */
final class Hmac {

    /**
     * One {@link Mac} per thread, initialised with the secret of each call: looking the algorithm up for every
     * signature ({@code Mac.getInstance}) goes through the JCA's provider lock, which every request thread contended.
     */
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    });

    /** One SHA-256 digest per thread, for the same reason. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    });

    private Hmac() {
    }

    /** HMAC-SHA256 over the concatenated parts. */
    static byte[] sha256(String secret, byte[]... parts) {
        try {
            Mac mac = MAC.get();
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Constant-time equality, so the time taken tells an attacker nothing about how close a guess was. */
    static boolean matches(byte[] expected, byte[] given) {
        return given != null && MessageDigest.isEqual(expected, given);
    }

    static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(SHA256.get().digest(data));
    }

    /** The configured secrets, current first; blanks are not secrets. */
    static List<String> secrets(Optional<String> current, Optional<String> previous) {
        return Stream.of(current, previous).flatMap(Optional::stream).filter(s -> !s.isBlank()).toList();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
