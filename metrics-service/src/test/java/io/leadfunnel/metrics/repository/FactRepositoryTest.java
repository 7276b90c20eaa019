package io.leadfunnel.metrics.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.FunnelJson;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.Stage;
import io.leadfunnel.metrics.MetricsTestProfile;
import io.leadfunnel.metrics.domain.BusinessOrderFold;
import io.leadfunnel.metrics.domain.LeadRecord;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
                if (result.get().outcome() == LeadRecord.Outcome.APPLIED) {
                    applied++;
                }
            }

            assertThat(applied).isEqualTo(events.size());
            FactRepository.Stored stored = repository.stored(GENERATION, "concurrent-1").orElseThrow();
            assertThat(stored.version()).isEqualTo(events.size());
            assertThat(stored.fact()).isEqualTo(BusinessOrderFold.fact("concurrent-1", events));
            assertThat(stored.fact().reentries(Stage.MQL)).isEqualTo(9);
            assertThat(repository.record(GENERATION, "concurrent-1").orElseThrow().fact()).isEqualTo(stored.fact());
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
            running.add(pool.submit(() -> applyAll(GENERATION_BATCH, batch)));
            for (FunnelEvent event : all) {
                running.add(pool.submit(() -> repository.apply(GENERATION_BATCH, event)));
            }
            for (Future<?> future : running) {
                future.get();
            }

            // then each lead holds each event once, and its fact is that of its events folded in business order
            for (int n = 1; n <= 3; n++) {
                String id = "batch-" + n;
                List<FunnelEvent> own = all.stream().filter(e -> e.leadId().equals(id)).toList();
                FactRepository.Stored stored = repository.stored(GENERATION_BATCH, id).orElseThrow();
                // every event but the capture is a stage entry
                assertThat(repository.record(GENERATION_BATCH, id).orElseThrow().entries()).hasSize(own.size() - 1);
                assertThat(stored.fact()).isEqualTo(BusinessOrderFold.fact(id, own));
            }
            // and a batch of nothing new writes nothing
            assertThat(applyAll(GENERATION_BATCH, all)).isZero();
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
    void aLeadsDocumentKeepsItsRecordAndNoEventsSoScoresDoNotMakeItGrow() {
        // given a won lead
        Instant t0 = Instant.parse("2025-03-03T09:00:00Z");
        Events lead = Events.lead("record-1")
                .captured(t0, Events.profile(LeadSource.WEBINAR, "w", LeadOrigin.MARKETING, 200, "software"))
                .stage(t0.plus(Duration.ofDays(1)), Stage.MQL)
                .handoff(t0.plus(Duration.ofDays(1)), "alice", "emea", Duration.ofHours(4))
                .won(t0.plus(Duration.ofDays(9)), "1234.50");
        try (MongoClient mongo = MongoClients.create(infrastructure.mongoConnectionString())) {
            MongoCollection<Document> leads = mongo.getDatabase(database).getCollection(GENERATION_FOLD);
            lead.events().forEach(e -> repository.apply(GENERATION_FOLD, e));

            // when it is scored a hundred times, the newest score arriving first
            for (int i = 0; i < 100; i++) {
                lead.scored(t0.plus(Duration.ofDays(10)).minusSeconds(i), 50 + i % 40);
            }
            List<FunnelEvent> events = lead.events();
            FactRepository.Applied newest = repository.apply(GENERATION_FOLD, events.get(events.size() - 100));
            int size = leads.find(Filters.eq("_id", "record-1")).first().toJson().length();
            for (FunnelEvent scored : events.subList(events.size() - 99, events.size())) {
                assertThat(repository.apply(GENERATION_FOLD, scored).outcome())
                        .isEqualTo(LeadRecord.Outcome.SUPERSEDED);
            }

            // then it keeps the newest score only, the older ones leave the document as it was, and no raw event is kept
            Document doc = leads.find(Filters.eq("_id", "record-1")).first();
            assertThat(doc).containsKey("record").doesNotContainKeys("events", "eventIds", "fact");
            assertThat(doc.toJson().length()).isEqualTo(size);
            // five writes for capture, MQL, hand-off, WON and closure, one for the newest score
            assertThat(doc.get("version", Number.class).longValue()).isEqualTo(6);
            assertThat(newest.outcome()).isEqualTo(LeadRecord.Outcome.APPLIED);
            assertThat(newest.before()).isEqualTo(BusinessOrderFold.fact("record-1", events.subList(0, 5)));
            assertThat(newest.after()).isEqualTo(BusinessOrderFold.fact("record-1", events));
            assertThat(newest.after().scoreTotal()).isEqualTo(50);
            assertThat(repository.stored(GENERATION_FOLD, "record-1").orElseThrow().fact()).isEqualTo(newest.after());
            assertThat(repository.apply(GENERATION_FOLD, events.get(1)).outcome())
                    .isEqualTo(LeadRecord.Outcome.DUPLICATE);
        } finally {
            repository.drop(GENERATION_FOLD);
        }
    }

    @Test
    void aDocumentOfTheEarlierLayoutIsReadFromItsEventsAndGetsItsRecordInTheirPlace() {
        // given a lead stored as documents were before records: its events as JSON, their ids and a fold
        Instant t0 = Instant.parse("2025-03-10T09:00:00Z");
        List<FunnelEvent> events = Events.lead("layout-1")
                .captured(t0, Events.profile(LeadSource.WEB, "c", LeadOrigin.MARKETING, 20, "retail"))
                .stage(t0.plus(Duration.ofDays(1)), Stage.MQL)
                .stage(t0.plus(Duration.ofDays(2)), Stage.RECYCLED, "no-budget").events();
        List<FunnelEvent> stored = List.of(events.get(0), events.get(2));
        try (MongoClient mongo = MongoClients.create(infrastructure.mongoConnectionString())) {
            MongoCollection<Document> leads = mongo.getDatabase(database).getCollection(GENERATION_FOLD);
            leads.insertOne(new Document("_id", "layout-1").append("version", 2L)
                    .append("eventIds", stored.stream().map(e -> e.eventId().toString()).toList())
                    .append("events", stored.stream().map(FunnelJson::write).toList())
                    .append("fact", new Document("capturedAt", t0.toString())));
            assertThat(repository.stored(GENERATION_FOLD, "layout-1").orElseThrow().fact())
                    .isEqualTo(BusinessOrderFold.fact("layout-1", stored));

            // when an event arrives that lands between the stored ones in business order
            FactRepository.Applied applied = repository.apply(GENERATION_FOLD, events.get(1));

            // then the fact is that of all three, and the document holds the record in place of the events
            assertThat(applied.outcome()).isEqualTo(LeadRecord.Outcome.APPLIED);
            assertThat(applied.before()).isEqualTo(BusinessOrderFold.fact("layout-1", stored));
            assertThat(applied.after()).isEqualTo(BusinessOrderFold.fact("layout-1", events));
            Document doc = leads.find(Filters.eq("_id", "layout-1")).first();
            assertThat(doc).containsKey("record").doesNotContainKeys("events", "eventIds", "fact");
            assertThat(doc.get("version", Number.class).longValue()).isEqualTo(3);
            assertThat(repository.stored(GENERATION_FOLD, "layout-1").orElseThrow().fact()).isEqualTo(applied.after());
            assertThat(repository.apply(GENERATION_FOLD, events.get(0)).outcome())
                    .isEqualTo(LeadRecord.Outcome.DUPLICATE);
        } finally {
            repository.drop(GENERATION_FOLD);
        }
    }

    /** Adds many events to their leads' documents in one poll, as the rebuild's replay does; the events added. */
    private int applyAll(String generation, List<FunnelEvent> events) {
        Map<String, List<FunnelEvent>> byLead = new LinkedHashMap<>();
        events.forEach(event -> byLead.computeIfAbsent(event.leadId(), id -> new ArrayList<>()).add(event));
        int added = 0;
        for (FactRepository.LeadApplied lead : repository.applyPoll(generation, byLead, null).values()) {
            assertThat(lead.refusal()).isNull();
            added += (int) lead.outcomes().stream().filter(o -> o == LeadRecord.Outcome.APPLIED).count();
        }
        return added;
    }
}
