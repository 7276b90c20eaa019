package io.leadfunnel.scoring;

import io.leadfunnel.events.ActivityType;
import io.leadfunnel.scoring.domain.Activity;
import io.leadfunnel.scoring.domain.LeadScoringState;
import io.leadfunnel.scoring.domain.ScoringModel;
import io.leadfunnel.scoring.domain.ScoringProfile;
import io.leadfunnel.scoring.repository.LeadScoringDocument;
import io.leadfunnel.scoring.repository.LeadScoringMapper;
import io.leadfunnel.scoring.repository.LeadScoringRepository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Puts scoring states straight into the repository (already scored, nothing to publish), to keep big tests fast. */
public final class StoredLeads {

    public static final ScoringProfile VP = new ScoringProfile("VP Operations", "Manufacturing", "DE", 450,
            "acme-robotics.example", "acme-robotics.example");

    private StoredLeads() {
    }

    public static LeadScoringState scored(String leadId, ScoringProfile profile, List<ActivityType> activities,
                                          Instant activitiesAt, ScoringModel model, Instant now) {
        List<Activity> list = new ArrayList<>();
        for (ActivityType type : activities) {
            String id = UUID.randomUUID().toString();
            list.add(new Activity(id, id, type, activitiesAt));
        }
        LeadScoringState state = LeadScoringState.restore(leadId, 0, profile, 1, list, List.of(), null, null, null,
                null);
        state.rescore(model, now, LeadScoringState.TRIGGER_EVENT, 1);
        return state;
    }

    public static void insert(LeadScoringRepository repository, List<LeadScoringState> states, Instant now) {
        List<LeadScoringDocument> docs = new ArrayList<>(states.size());
        for (LeadScoringState state : states) {
            LeadScoringDocument doc = LeadScoringMapper.toDocument(state, 1, now);
            doc.outbox = null;
            docs.add(doc);
        }
        repository.mongoCollection().insertMany(docs);
    }
}
