package io.leadfunnel.lead.domain;

import java.time.Instant;

/** The latest score scoring-service published for a lead (a read model here). */
public record Score(int fit, int engagement, int total, String grade, int modelVersion, Instant at) {
}
