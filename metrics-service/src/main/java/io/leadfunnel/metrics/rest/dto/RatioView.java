package io.leadfunnel.metrics.rest.dto;

import io.leadfunnel.metrics.domain.Ratio;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;

@Schema(description = "A rate with the counts it comes from: rate = numerator / denominator, rounded half-up to four "
        + "decimals; null when the denominator is zero")
public record RatioView(long numerator, long denominator, BigDecimal rate) {

    static RatioView of(Ratio r) {
        return r == null ? null : new RatioView(r.numerator(), r.denominator(), r.rate());
    }
}
