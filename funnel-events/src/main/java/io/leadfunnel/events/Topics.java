package io.leadfunnel.events;

/**
 * Kafka topic names. Every record on every topic is keyed by lead id, so one lead's events stay ordered.
 */
public final class Topics {

    /** Lead facts from lead-service: captured, profile updated, activity recorded, erased. */
    public static final String LEAD_EVENTS = "lead.events";

    /** Score changes from scoring-service. */
    public static final String LEAD_SCORES = "lead.scores";

    /** Stage changes, hand-offs, SLA breaches and closures from handoff-service. */
    public static final String LEAD_LIFECYCLE = "lead.lifecycle";

    /** Suffix of the dead-letter topic a consumer uses for records it cannot process. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    private Topics() {
    }

    /** The dead-letter topic for records of {@code topic} that a consumer could not process. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
