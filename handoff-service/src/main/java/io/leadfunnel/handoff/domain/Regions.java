package io.leadfunnel.handoff.domain;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Named groups of ISO country codes that routing rules may use instead of listing countries. */
public final class Regions {

    private static final Map<String, Set<String>> REGIONS = Map.of(
            "DACH", Set.of("DE", "AT", "CH"),
            "BENELUX", Set.of("BE", "NL", "LU"),
            "NORDICS", Set.of("DK", "FI", "IS", "NO", "SE"),
            "UKI", Set.of("GB", "IE"),
            "NA", Set.of("US", "CA"),
            "ANZ", Set.of("AU", "NZ"));

    private Regions() {
    }

    /** The region names known. */
    public static Set<String> names() {
        return REGIONS.keySet();
    }

    /** Whether {@code country} (ISO alpha-2) lies in {@code region}. */
    public static boolean contains(String region, String country) {
        Set<String> countries = REGIONS.get(region.toUpperCase(Locale.ROOT));
        return countries != null && country != null && countries.contains(country.toUpperCase(Locale.ROOT));
    }
}
