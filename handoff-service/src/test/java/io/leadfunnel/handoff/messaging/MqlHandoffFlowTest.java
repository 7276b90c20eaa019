package io.leadfunnel.handoff.messaging;

import io.leadfunnel.events.CriterionResult;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.Stage;
import io.leadfunnel.handoff.Fixtures;
import io.leadfunnel.handoff.HandoffTestProfile;
import io.leadfunnel.handoff.domain.LeadLifecycle;
import io.leadfunnel.handoff.domain.SalesRep;
import io.leadfunnel.handoff.repository.LifecycleRepository;
import io.leadfunnel.handoff.service.DefinitionService;
import io.leadfunnel.handoff.service.RoutingService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.leadfunnel.handoff.Fixtures.captured;
import static io.leadfunnel.handoff.Fixtures.lifecycleOf;
import static io.leadfunnel.handoff.Fixtures.scored;
import static io.leadfunnel.handoff.Fixtures.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Through the real broker: lead facts in on lead.events and lead.scores, lifecycle events out on lead.lifecycle. */
@QuarkusTest
@TestProfile(HandoffTestProfile.class)
class MqlHandoffFlowTest {

    @Inject
    RoutingService routing;

    @Inject
    LifecycleRepository lifecycles;

    @Inject
    DefinitionService definitions;

    @Test
    void a_qualifying_score_gives_an_mql_with_every_criterion_then_a_hand_off_and_a_replay_gives_nothing_new() {
        // given a rule sending this test's industry to a team of one rep
        String industry = Fixtures.uniqueId("industry");
        String rep = Fixtures.uniqueId("rep");
        String team = Fixtures.uniqueId("team");
        Fixtures.routeFirst(routing, Fixtures.teamRule(Fixtures.uniqueId("rule"), industry, team),
                new SalesRep(rep, team, 1, true, 0));
        String leadId = Fixtures.uniqueId("lead");
        LeadCaptured capturedEvent = captured(leadId, Fixtures.profile(industry));
        LeadScored scoredEvent = scored(leadId, 66, "A");

        // when the lead is captured and scored above the default definition's threshold
        send(capturedEvent, scoredEvent);

        // then LeadStageChanged to MQL with every criterion of the definition, then HandoffAssigned to the rep
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(lifecycleOf(leadId)).hasSize(2));
        List<LifecycleEvent> events = lifecycleOf(leadId);
        LeadStageChanged mql = (LeadStageChanged) events.get(0);
        assertThat(mql.from()).isEqualTo(Stage.LEAD);
        assertThat(mql.to()).isEqualTo(Stage.MQL);
        int active = definitions.activeVersion().orElseThrow();
        assertThat(mql.definitionVersion()).isEqualTo(active);
        assertThat(mql.causedBy()).isEqualTo(LeadLifecycle.MQL_EVALUATOR);
        assertThat(mql.criteria()).containsExactly(
                new CriterionResult("mql.minTotalScore", true, "66", ">= 60"),
                new CriterionResult("mql.minGrade", true, "A", "B or better"),
                new CriterionResult("mql.requiredFields", true, "email,company,country", "email,company,country"),
                new CriterionResult("mql.excludeFreeMail", true, null, "not a free-mail domain"),
                new CriterionResult("mql.excludeStudentsAndJobSeekers", true, null,
                        "title without student,intern,job seeker,jobseeker,looking for"));
        HandoffAssigned assigned = (HandoffAssigned) events.get(1);
        assertThat(assigned.owner()).isEqualTo(rep);
        assertThat(assigned.team()).isEqualTo(team);
        assertThat(assigned.routingRule()).startsWith("rule-");
        assertThat(assigned.acceptDueAt()).isEqualTo(assigned.occurredAt().plus(Duration.ofHours(4)));
        assertThat(assigned.definitionVersion()).isEqualTo(active);

        // when the same two events are delivered again, followed by a fresh score as a marker on each topic
        LeadScored marker = scored(leadId, 70, "A");
        var profileMarker = Fixtures.updated(leadId, 2, Fixtures.profile(industry));
        send(capturedEvent, scoredEvent, marker, profileMarker);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(lifecycles.find(leadId))
                .hasValueSatisfying(l -> assertThat(l.lifecycle().state().appliedEventIds())
                        .contains(marker.eventId().toString(), profileMarker.eventId().toString())));

        // then nothing new is published: the lead is already an MQL with an open hand-off
        await().atMost(Duration.ofSeconds(10)).until(() -> lifecycles.pendingOutboxCount() == 0);
        assertThat(lifecycleOf(leadId)).extracting(LifecycleEvent::eventId)
                .containsExactly(mql.eventId(), assigned.eventId());
    }

    @Test
    void a_score_below_the_threshold_publishes_nothing_and_keeps_the_failed_evaluation() {
        String leadId = Fixtures.uniqueId("lead");
        LeadScored low = scored(leadId, 30, "C");
        LeadCaptured capturedEvent = captured(leadId, Fixtures.profile("Retail"));
        send(capturedEvent, low);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(lifecycles.find(leadId))
                .hasValueSatisfying(l -> assertThat(l.lifecycle().state().appliedEventIds())
                        .contains(low.eventId().toString(), capturedEvent.eventId().toString())));
        LeadLifecycle lifecycle = lifecycles.find(leadId).orElseThrow().lifecycle();
        assertThat(lifecycle.stage()).isEqualTo(Stage.LEAD);
        assertThat(lifecycle.state().lastEvaluation().failed()).extracting(CriterionResult::criterion)
                .containsExactly("mql.minTotalScore", "mql.minGrade");
        assertThat(lifecycleOf(leadId)).isEmpty();
    }
}
