package io.leadfunnel.handoff.domain;

import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Leads and definitions the domain tests start from. */
final class Samples {

    static final Instant T0 = Instant.parse("2026-03-04T08:00:00Z");

    private Samples() {
    }

    static LeadProfile profile(String email, String title, String country, Integer size) {
        return new LeadProfile(email, "Maria", "Keller", "Acme Robotics GmbH",
                email == null ? null : email.substring(email.indexOf('@') + 1), title, country, "Manufacturing", size,
                LeadSource.WEBINAR, "Webinar", "q1-webinar", LeadOrigin.MARKETING);
    }

    static LeadProfile goodProfile() {
        return profile("maria@acme-robotics.example", "VP Operations", "DE", 450);
    }

    static Score score(int total, String grade) {
        return new Score(total, total, total, grade, 3, T0);
    }

    static AgreedLeadDefinition definition(Duration recyclingWait, int maxRecycles) {
        return new AgreedLeadDefinition(2,
                new MqlCriteria(50, 60, "B", List.of("email", "company", "country"),
                        new MqlCriteria.Exclusions(List.of("gmail.com"), List.of("KP"), List.of("rival.example"),
                                List.of("student", "job seeker"))),
                new SqlCriteria(Set.of(ChecklistItem.BUYING_CENTER, ChecklistItem.BUDGET, ChecklistItem.TIMELINE)),
                new HandoffSla(Duration.ofHours(4), Duration.ofHours(24), null),
                new Recycling(recyclingWait, maxRecycles));
    }

    static AgreedLeadDefinition definition() {
        return definition(Duration.ofDays(30), 2);
    }
}
