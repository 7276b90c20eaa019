package io.leadfunnel.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The golden JSON sample of each event type, shipped with the contract so producers and consumers test against the
 * same bytes.
 */
public final class GoldenSamples {

    /** Every event type of the contract, in topic order. */
    public static final List<Class<? extends FunnelEvent>> EVENT_TYPES = List.of(
            LeadCaptured.class, LeadProfileUpdated.class, LeadActivityRecorded.class, LeadErased.class,
            LeadScored.class,
            LeadStageChanged.class, HandoffAssigned.class, HandoffSlaBreached.class, LeadClosed.class);

    private GoldenSamples() {
    }

    /** The sample's JSON text, exactly as stored. */
    public static String json(Class<? extends FunnelEvent> type) {
        String resource = "golden/" + type.getSimpleName() + ".json";
        try (InputStream in = GoldenSamples.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden sample for " + type.getSimpleName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample read through {@link FunnelJson}. */
    public static <T extends FunnelEvent> T event(Class<T> type) {
        return type.cast(FunnelJson.read(json(type)));
    }
}
