package io.leadfunnel.events;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * New event ids: random (version 4) UUIDs, as {@link UUID#randomUUID()} makes them, drawn from one strong generator
 * per thread instead of the JDK's one shared generator. Under load every request and consumer thread asks for ids at
 * once, and the shared generator serialises them on its lock; a generator per thread is seeded once from the system's
 * entropy and then draws without waiting for any other thread.
 */
public final class EventIds {

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(EventIds::generator);

    private EventIds() {
    }

    /** A new random event id. */
    public static UUID next() {
        byte[] bytes = new byte[16];
        RANDOM.get().nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = (most << 8) | (bytes[i] & 0xff);
            least = (least << 8) | (bytes[i + 8] & 0xff);
        }
        return new UUID(most, least);
    }

    private static SecureRandom generator() {
        try {
            // a DRBG instance of its own: its lock is never contended, and it reseeds itself from the system
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
