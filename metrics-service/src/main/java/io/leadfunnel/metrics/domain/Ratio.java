package io.leadfunnel.metrics.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A rate with the counts it comes from, so a reader can check it: {@code rate} is numerator / denominator rounded
 * half-up to four decimals, null when the denominator is zero.
 */
public record Ratio(long numerator, long denominator, BigDecimal rate) {

    public static Ratio of(long numerator, long denominator) {
        return new Ratio(numerator, denominator, denominator == 0 ? null
                : BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 4, RoundingMode.HALF_UP));
    }
}
