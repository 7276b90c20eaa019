package io.leadfunnel.metrics.repository;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.MetricsTestProfile;
import io.leadfunnel.metrics.domain.LeadHistory;
import io.leadfunnel.metrics.scenario.Events;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** One document per lead with an optimistic version: concurrent writers of one lead lose no event. */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class FactRepositoryTest {

    static final String GENERATION = "facts_repository_test";

    @Inject
    FactRepository repository;

    @Test
    void concurrentWritersOfOneLeadKeepEveryEventOnceAndBumpTheVersionPerEvent() throws Exception {
        Instant t0 = Instant.parse("2025-01-06T09:00:00Z");
        Events lead = Events.lead("concurrent-1")
                .captured(t0, Events.profile(LeadSource.WEB, "c", LeadOrigin.MARKETING, 20, "x"));
        for (int i = 0; i < 10; i++) {
            lead.stage(t0.plus(Duration.ofDays(2L * i + 1)), Stage.MQL)
                    .stage(t0.plus(Duration.ofDays(2L * i + 2)), Stage.RECYCLED, "r" + i);
        }
        List<FunnelEvent> events = lead.events();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<FactRepository.Applied>> results = new ArrayList<>();
            for (FunnelEvent event : events) {
                results.add(pool.submit(() -> repository.apply(GENERATION, event)));
                results.add(pool.submit(() -> repository.apply(GENERATION, event)));
            }
            long applied = 0;
            for (Future<FactRepository.Applied> result : results) {
                if (result.get().outcome() == FactRepository.Outcome.APPLIED) {
                    applied++;
                }
            }

            assertThat(applied).isEqualTo(events.size());
            FactRepository.Stored stored = repository.histories(GENERATION).stream()
                    .filter(s -> s.history().leadId().equals("concurrent-1")).findFirst().orElseThrow();
            assertThat(stored.version()).isEqualTo(events.size());
            assertThat(stored.history().fact()).isEqualTo(LeadHistory.of("concurrent-1", events).fact());
            assertThat(stored.history().fact().reentries(Stage.MQL)).isEqualTo(9);
        } finally {
            pool.shutdownNow();
            repository.drop(GENERATION);
        }
    }

    @Test
    void aBatchAppliedWhileSingleWritersApplyTheSameEventsKeepsEveryEventOnce() throws Exception {
        // given three leads, each with a capture and stage changes, half of the events already stored one by one
        Instant t0 = Instant.parse("2025-02-03T09:00:00Z");
        List<FunnelEvent> all = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            Events lead = Events.lead("batch-" + n)
                    .captured(t0, Events.profile(LeadSource.WEB, "c", LeadOrigin.MARKETING, 20, "x"));
            for (int i = 0; i < 5; i++) {
                lead.stage(t0.plus(Duration.ofDays(2L * i + 1)), Stage.MQL)
                        .stage(t0.plus(Duration.ofDays(2L * i + 2)), Stage.RECYCLED, "r" + i);
            }
            all.addAll(lead.events());
        }
        for (int i = 0; i < all.size(); i += 2) {
            repository.apply(GENERATION_BATCH, all.get(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            // when the whole lot arrives as one batch (with duplicates) while single writers apply it again
            List<FunnelEvent> batch = new ArrayList<>(all);
            batch.addAll(all.subList(0, 5));
            List<Future<?>> running = new ArrayList<>();
            running.add(pool.submit(() -> repository.applyAll(GENERATION_BATCH, batch)));
            for (FunnelEvent event : all) {
                running.add(pool.submit(() -> repository.apply(GENERATION_BATCH, event)));
            }
            for (Future<?> future : running) {
                future.get();
            }

            // then each lead holds each event once, the version counts its writes, the fact is the direct fold
            for (int n = 1; n <= 3; n++) {
                String id = "batch-" + n;
                List<FunnelEvent> own = all.stream().filter(e -> e.leadId().equals(id)).toList();
                FactRepository.Stored stored = repository.histories(GENERATION_BATCH).stream()
                        .filter(s -> s.history().leadId().equals(id)).findFirst().orElseThrow();
                assertThat(stored.history().events()).hasSize(own.size());
                assertThat(stored.history().fact()).isEqualTo(LeadHistory.of(id, own).fact());
            }
            // and a batch of nothing new writes nothing
            assertThat(repository.applyAll(GENERATION_BATCH, all)).isZero();
        } finally {
            pool.shutdownNow();
            repository.drop(GENERATION_BATCH);
        }
    }

    static final String GENERATION_BATCH = "facts_repository_batch_test";
}
