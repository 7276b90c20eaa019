package io.leadfunnel.handoff.domain;

import java.time.Instant;

/** The lead's latest score from scoring-service. */
public record Score(int fit, int engagement, int total, String grade, int modelVersion, Instant at) {
}
