package io.leadfunnel.handoff.domain;

import io.leadfunnel.events.LeadProfile;

/** What the definition and the routing look at: the lead's profile and its score, either possibly unknown. */
public record LeadFacts(LeadProfile profile, Score score) {

    public LeadFacts {
        profile = profile == null ? LeadProfile.empty() : profile;
    }
}
