package io.leadfunnel.events;

import java.util.Map;

/**
 * Kafka topic names. Every record on every topic is keyed by lead id, so one lead's events stay ordered.
 */
public final class Topics {

    /** Lead facts from lead-service: captured, profile updated, activity recorded, erased. */
    public static final String LEAD_EVENTS = "lead.events";

    /**
     * The personal values of each lead's profile ({@link LeadPersonalData}), from lead-service. Compacted: only a
     * lead's newest record stays, and erasure writes a tombstone, so nothing of an erased lead remains once the log
     * cleaner has run. Not a retained history, unlike the other topics.
     */
    public static final String LEAD_PROFILES = "lead.profiles";

    /** Score changes from scoring-service. */
    public static final String LEAD_SCORES = "lead.scores";

    /** Stage changes, hand-offs, SLA breaches and closures from handoff-service. */
    public static final String LEAD_LIFECYCLE = "lead.lifecycle";

    /** Suffix of the dead-letter topic a consumer uses for records it cannot process. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    /**
     * How {@link #LEAD_PROFILES} must be configured: compacted, so a lead's older records and, after erasure, its
     * values disappear once the log cleaner runs. The cleaner never touches the active segment, so segments roll
     * hourly; a record is compacted at most a day after it was superseded; a tombstone itself stays a day, so a
     * consumer that is behind still learns of the erasure.
     */
    public static final Map<String, String> LEAD_PROFILES_CONFIG = Map.of(
            "cleanup.policy", "compact",
            "segment.ms", "3600000",
            "max.compaction.lag.ms", "86400000",
            "delete.retention.ms", "86400000");

    private Topics() {
    }

    /** The settings a topic is created with beyond the broker's defaults; empty for most. */
    public static Map<String, String> config(String topic) {
        return LEAD_PROFILES.equals(topic) ? LEAD_PROFILES_CONFIG : Map.of();
    }

    /** The dead-letter topic for records of {@code topic} that a consumer could not process. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
