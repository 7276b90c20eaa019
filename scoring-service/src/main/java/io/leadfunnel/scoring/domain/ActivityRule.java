package io.leadfunnel.scoring.domain;

/**
 * Points for one activity type.
 *
 * @param points points of one fresh activity (before decay)
 * @param cap    most points all activities of this type may add together (after decay)
 */
public record ActivityRule(Double points, Double cap) {
}
