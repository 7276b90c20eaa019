package io.leadfunnel.handoff.domain;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The definition seeded on first start, approved by the system, until marketing and sales sign their own. */
public final class DefaultDefinition {

    private DefaultDefinition() {
    }

    /** Version 1: total score 60 and grade B or better, contact data known, no free mail, students or competitors. */
    public static AgreedLeadDefinition content() {
        return new AgreedLeadDefinition(1,
                new MqlCriteria(null, 60, "B", List.of("email", "company", "country"),
                        new MqlCriteria.Exclusions(
                                List.of("gmail.com", "googlemail.com", "yahoo.com", "hotmail.com", "outlook.com",
                                        "live.com", "aol.com", "icloud.com", "gmx.de", "gmx.net", "web.de", "mail.com"),
                                List.of(), List.of(),
                                List.of("student", "intern", "job seeker", "jobseeker", "looking for"))),
                new SqlCriteria(Set.of(ChecklistItem.BUYING_CENTER, ChecklistItem.BUDGET, ChecklistItem.TIMELINE)),
                new HandoffSla(Duration.ofHours(4), Duration.ofHours(24), null),
                new Recycling(Duration.ofDays(30), 2));
    }
}
