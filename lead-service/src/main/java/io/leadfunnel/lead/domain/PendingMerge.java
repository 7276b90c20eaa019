package io.leadfunnel.lead.domain;

import io.leadfunnel.events.LeadProfile;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a lead that is being merged away still has to hand to the surviving lead. Kept on the absorbed lead until
 * the survivor has taken it, so a crash between the two writes is completed later rather than losing data.
 */
public record PendingMerge(String survivorId, LeadProfile profile, Map<String, Instant> fieldTimes,
                           List<String> refs, Instant at) {

    public PendingMerge {
        fieldTimes = fieldTimes == null ? Map.of() : Map.copyOf(fieldTimes);
        refs = refs == null ? List.of() : List.copyOf(refs);
    }
}
