package io.leadfunnel.lead.service;

import io.leadfunnel.lead.domain.ExternalRef;
import io.leadfunnel.lead.domain.IncomingActivity;
import io.leadfunnel.lead.domain.ProfilePatch;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a sender reports about one lead: who it is (an external reference and/or an e-mail in the profile), its
 * profile as of {@code occurredAt}, and engagement.
 *
 * @param channel    {@code hubspot}, {@code salesforce}, {@code webhook:<source>} or {@code api}
 * @param ref        the sender's id for the lead, if it has one
 * @param occurredAt when the reported values were true at the sender
 * @param profile    the reported profile values
 * @param activities reported engagement
 */
public record LeadChange(String channel, ExternalRef ref, Instant occurredAt, ProfilePatch profile,
                         List<IncomingActivity> activities) {

    public LeadChange {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(occurredAt, "occurredAt");
        profile = profile == null ? ProfilePatch.empty() : profile;
        activities = activities == null ? List.of() : List.copyOf(activities);
    }
}
