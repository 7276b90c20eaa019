package io.leadfunnel.scoring.domain;

/**
 * A grade and the lowest score that earns it, e.g. {@code A} from 75.
 */
public record GradeBand(String grade, Double minScore) {
}
