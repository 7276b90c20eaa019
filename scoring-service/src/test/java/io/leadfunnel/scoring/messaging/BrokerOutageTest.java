package io.leadfunnel.scoring.messaging;

import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.scoring.ScoringTestProfile;
import io.leadfunnel.scoring.TestClock;
import io.leadfunnel.scoring.repository.LeadScoringDocument;
import io.leadfunnel.scoring.repository.LeadScoringRepository;
import io.leadfunnel.scoring.service.LeadScoring;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.leadfunnel.scoring.LeadEvents.activity;
import static io.leadfunnel.scoring.LeadEvents.awaitScores;
import static io.leadfunnel.scoring.LeadEvents.captured;
import static io.leadfunnel.scoring.LeadEvents.newLeadId;
import static io.leadfunnel.scoring.LeadEvents.scoresOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Scores computed while the broker is away wait in the outbox and are published once it is back, exactly once. */
@QuarkusTest
@TestProfile(ScoringTestProfile.class)
class BrokerOutageTest {

    @InjectFunnelInfrastructure
    FunnelInfrastructure infra;

    @Inject
    TestClock clock;

    @Inject
    LeadScoring scoring;

    @Inject
    LeadScoringRepository states;

    @Test
    void scores_wait_in_the_outbox_while_the_broker_is_down_and_are_published_once_when_it_returns() {
        String leadId = newLeadId("outage");
        Instant now = clock.instant();
        infra.stopKafka();
        try {
            // given the broker is down, when a lead is scored (events applied as the consumer would)
            scoring.apply(captured(leadId, now));
            scoring.apply(activity(leadId, 2, ActivityType.DEMO_REQUESTED, now));

            // then both scores are stored in the lead's outbox
            LeadScoringDocument doc = states.findById(leadId);
            assertThat(doc.outbox).hasSize(2);
            assertThat(doc.outboxPending).isTrue();
            // and they stay there while the relay's attempts fail (it waits at most 5 s for the broker per attempt)
            await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(7))
                    .until(() -> states.findById(leadId).outbox.size() == 2);
        } finally {
            infra.startKafka();
        }

        // when the broker is back, they are published in order, once, and removed from the outbox
        List<LeadScored> published = awaitScores(infra, leadId, 2);
        assertThat(published).extracting(LeadScored::engagement).containsExactly(0, 35);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            LeadScoringDocument doc = states.findById(leadId);
            return (doc.outbox == null || doc.outbox.isEmpty()) && doc.outboxPending == null;
        });
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20))
                .until(() -> scoresOf(infra, leadId).size() == 2);
    }
}
