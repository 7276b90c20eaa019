package io.leadfunnel.metrics.domain;

import java.util.Locale;
import java.util.function.Function;

/** What the funnel can be grouped by. Missing values group under {@code unknown}. */
public enum Dimension {
    SOURCE("source", f -> f.source() == null ? null : f.source().name().toLowerCase(Locale.ROOT)),
    CAMPAIGN("campaign", LeadFact::campaign),
    ORIGIN("origin", f -> f.origin() == null ? null : f.origin().name().toLowerCase(Locale.ROOT)),
    SEGMENT("segment", f -> f.segment().label()),
    INDUSTRY("industry", LeadFact::industry),
    OWNER("owner", LeadFact::owner),
    TEAM("team", LeadFact::team),
    DEFINITION_VERSION("definitionVersion", f -> f.definitionVersion() == null ? null : "v" + f.definitionVersion()),
    SCORE_BAND("scoreBand", f -> f.scoreBand().label());

    public static final String UNKNOWN = "unknown";

    private final String param;
    private final Function<LeadFact, String> value;

    Dimension(String param, Function<LeadFact, String> value) {
        this.param = param;
        this.value = value;
    }

    public String param() {
        return param;
    }

    public String valueOf(LeadFact fact) {
        String v = value.apply(fact);
        return v == null || v.isBlank() ? UNKNOWN : v;
    }

    /** By query-parameter name ({@code definitionVersion}) or constant name ({@code DEFINITION_VERSION}). */
    public static Dimension parse(String name) {
        for (Dimension d : values()) {
            if (d.param.equalsIgnoreCase(name) || d.name().equalsIgnoreCase(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown dimension " + name);
    }
}
