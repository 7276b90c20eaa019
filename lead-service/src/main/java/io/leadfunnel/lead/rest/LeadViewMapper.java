package io.leadfunnel.lead.rest;

import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.lead.domain.ExternalRef;
import io.leadfunnel.lead.domain.Lead;
import io.leadfunnel.lead.domain.Score;
import io.leadfunnel.lead.rest.dto.LeadView;

import java.util.List;

/** Maps the lead aggregate to the API's {@link LeadView}. */
final class LeadViewMapper {

    private LeadViewMapper() {
    }

    /** The lead without its timeline (lists, create and update answers). */
    static LeadView summary(Lead lead) {
        return view(lead, null);
    }

    /** The lead with its timeline (the detail endpoint). */
    static LeadView detail(Lead lead) {
        return view(lead, lead.timeline().stream()
                .map(t -> new LeadView.TimelineView(t.at(), t.kind(), t.summary(), t.eventId(), t.data()))
                .toList());
    }

    private static LeadView view(Lead lead, List<LeadView.TimelineView> timeline) {
        LeadProfile p = lead.toProfile();
        List<LeadView.ExternalRefView> refs = lead.refList().stream()
                .map(ExternalRef::parse)
                .map(r -> new LeadView.ExternalRefView(r.system(), r.id()))
                .toList();
        Score s = lead.score();
        LeadView.ScoreView score = s == null ? null
                : new LeadView.ScoreView(s.fit(), s.engagement(), s.total(), s.grade(), s.modelVersion(), s.at());
        return new LeadView(lead.id(), p.email(), p.firstName(), p.lastName(), p.company(), p.companyDomain(),
                p.title(), p.country(), p.industry(), p.companySize(), p.source(), p.sourceDetail(), p.campaign(),
                p.origin(), refs, lead.stage(), lead.stageAt(), lead.owner(), lead.team(), score, lead.createdAt(),
                lead.updatedAt(), lead.mergedInto(), lead.erasedAt() != null, lead.erasedAt(), timeline);
    }
}
