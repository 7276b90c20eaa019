package io.leadfunnel.metrics.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.MetricsTestProfile;
import io.leadfunnel.metrics.domain.LeadHistory;
import io.leadfunnel.metrics.scenario.Events;
import io.leadfunnel.testing.FunnelInfrastructure;
import io.leadfunnel.testing.InjectFunnelInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
            FactRepository.Stored stored = repository.facts(GENERATION).stream()
                    .filter(s -> s.fact().leadId().equals("concurrent-1")).findFirst().orElseThrow();
            assertThat(stored.version()).isEqualTo(events.size());
            assertThat(stored.fact()).isEqualTo(LeadHistory.of("concurrent-1", events).fact());
            assertThat(stored.fact().reentries(Stage.MQL)).isEqualTo(9);
            assertThat(repository.history(GENERATION, "concurrent-1").orElseThrow().fact()).isEqualTo(stored.fact());
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
                FactRepository.Stored stored = repository.facts(GENERATION_BATCH).stream()
                        .filter(s -> s.fact().leadId().equals(id)).findFirst().orElseThrow();
                assertThat(repository.history(GENERATION_BATCH, id).orElseThrow().events()).hasSize(own.size());
                assertThat(stored.fact()).isEqualTo(LeadHistory.of(id, own).fact());
            }
            // and a batch of nothing new writes nothing
            assertThat(repository.applyAll(GENERATION_BATCH, all)).isZero();
        } finally {
            pool.shutdownNow();
            repository.drop(GENERATION_BATCH);
        }
    }

    static final String GENERATION_BATCH = "facts_repository_batch_test";
    static final String GENERATION_FOLD = "facts_repository_fold_test";

    @InjectFunnelInfrastructure
    FunnelInfrastructure infrastructure;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Test
    void anEventAfterEveryKeptOneIsFoldedOntoTheStoredFactWithoutReadingTheStoredEvents() {
        // given a lead whose stored events are no longer readable, and a later event
        Instant t0 = Instant.parse("2025-03-03T09:00:00Z");
        List<FunnelEvent> events = Events.lead("fold-1")
                .captured(t0, Events.profile(LeadSource.WEBINAR, "w", LeadOrigin.MARKETING, 200, "software"))
                .scored(t0.plusSeconds(60), 80)
                .stage(t0.plus(Duration.ofDays(1)), Stage.MQL)
                .handoff(t0.plus(Duration.ofDays(1)), "alice", "emea", Duration.ofHours(4))
                .won(t0.plus(Duration.ofDays(9)), "1234.50")
                .scored(t0.plus(Duration.ofDays(10)), 90).events();
        try (MongoClient mongo = MongoClients.create(infrastructure.mongoConnectionString())) {
            MongoCollection<Document> leads = mongo.getDatabase(database).getCollection(GENERATION_FOLD);
            List<FunnelEvent> first = events.subList(0, events.size() - 1);
            first.forEach(e -> repository.apply(GENERATION_FOLD, e));
            leads.updateOne(Filters.eq("_id", "fold-1"), Updates.set(FactRepository.EVENTS,
                    first.stream().map(e -> "not json").toList()));

            // when it arrives
            FactRepository.Applied applied = repository.apply(GENERATION_FOLD, events.get(events.size() - 1));

            // then it was folded onto the stored fact, which is the fold of every event
            assertThat(applied.outcome()).isEqualTo(FactRepository.Outcome.APPLIED);
            assertThat(applied.before()).isEqualTo(LeadHistory.of("fold-1", first).fact());
            assertThat(applied.after()).isEqualTo(LeadHistory.of("fold-1", events).fact());
            assertThat(repository.facts(GENERATION_FOLD).get(0).fact()).isEqualTo(applied.after());
            assertThat(repository.apply(GENERATION_FOLD, events.get(1)).outcome())
                    .isEqualTo(FactRepository.Outcome.DUPLICATE);
        } finally {
            repository.drop(GENERATION_FOLD);
        }
    }

    @Test
    void aDocumentWithoutAStoredFoldIsFoldedFromItsEventsAndGetsOne() {
        // given a lead stored as documents were before they kept their fold
        Instant t0 = Instant.parse("2025-03-10T09:00:00Z");
        List<FunnelEvent> events = Events.lead("fold-2")
                .captured(t0, Events.profile(LeadSource.WEB, "c", LeadOrigin.MARKETING, 20, "retail"))
                .stage(t0.plus(Duration.ofDays(1)), Stage.MQL)
                .stage(t0.plus(Duration.ofDays(2)), Stage.RECYCLED, "no-budget").events();
        try (MongoClient mongo = MongoClients.create(infrastructure.mongoConnectionString())) {
            MongoCollection<Document> leads = mongo.getDatabase(database).getCollection(GENERATION_FOLD);
            List<FunnelEvent> stored = List.of(events.get(0), events.get(2));
            stored.forEach(e -> repository.apply(GENERATION_FOLD, e));
            leads.updateOne(Filters.eq("_id", "fold-2"), Updates.unset("fact"));
            assertThat(repository.facts(GENERATION_FOLD).get(0).fact())
                    .isEqualTo(LeadHistory.of("fold-2", stored).fact());

            // when an event arrives that lands between the stored ones in business order
            FactRepository.Applied applied = repository.apply(GENERATION_FOLD, events.get(1));

            // then the events are folded again, and the document keeps the fold of all of them
            assertThat(applied.outcome()).isEqualTo(FactRepository.Outcome.APPLIED);
            assertThat(applied.after()).isEqualTo(LeadHistory.of("fold-2", events).fact());
            assertThat(leads.find(Filters.eq("_id", "fold-2")).first().get("fact")).isNotNull();
            assertThat(repository.facts(GENERATION_FOLD).get(0).fact()).isEqualTo(applied.after());
        } finally {
            repository.drop(GENERATION_FOLD);
        }
    }
}
