package io.leadfunnel.metrics.aggregate;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.metrics.MetricsTestProfile;
import io.leadfunnel.metrics.repository.FactRepository;
import io.leadfunnel.metrics.scenario.GoldenFeed;
import io.leadfunnel.metrics.scenario.GoldenScenario;
import io.leadfunnel.metrics.service.AccountedApply;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The aggregates equal the sum of every stored lead's contribution, however the polls come: shuffled and repeated,
 * applied again after a failure between the leads' write and the log's append, or consumed by two instances at once
 * (one of which lost the partition). The expected figures are computed from the stored facts, not from the changes.
 */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class AccountedApplyTest {

    private static final String GENERATION = "facts_accounted_test";
    private static final int PARTITIONS = 3;

    @Inject
    AccountedApply accounted;

    @Inject
    AggregateStore aggregates;

    @Inject
    FactRepository repository;

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @AfterEach
    void dropGeneration() {
        repository.drop(GENERATION);
        aggregates.drop(GENERATION);
    }

    /** A poll of one topic: its events by lead and each lead's partition, as the consumer gives them. */
    private record Poll(Map<String, List<FunnelEvent>> byLead, AccountedApply.PollSource source) {

        static Poll of(List<FunnelEvent> events) {
            Map<String, List<FunnelEvent>> byLead = new LinkedHashMap<>();
            Map<String, String> partitionOf = new HashMap<>();
            Map<String, Long> offsets = new HashMap<>();
            for (FunnelEvent event : events) {
                byLead.computeIfAbsent(event.leadId(), id -> new ArrayList<>()).add(event);
                String partition = GoldenFeed.topicOf(event) + "-" + Math.floorMod(event.leadId().hashCode(),
                        PARTITIONS);
                partitionOf.put(event.leadId(), partition);
                offsets.merge(partition, (long) offsets.size(), Math::max);
            }
            return new Poll(byLead, new AccountedApply.PollSource(partitionOf, offsets));
        }
    }

    /** The golden events twice, shuffled, cut into polls of one topic each (as a channel delivers them). */
    private static List<Poll> polls(Random random) {
        List<FunnelEvent> events = new ArrayList<>(GoldenScenario.events());
        events.addAll(GoldenScenario.events().subList(0, 60));
        Collections.shuffle(events, random);
        Map<String, List<FunnelEvent>> byTopic = new LinkedHashMap<>();
        events.forEach(e -> byTopic.computeIfAbsent(GoldenFeed.topicOf(e), t -> new ArrayList<>()).add(e));
        List<Poll> polls = new ArrayList<>();
        byTopic.values().forEach(topic -> {
            for (int i = 0; i < topic.size(); i += 17) {
                polls.add(Poll.of(topic.subList(i, Math.min(topic.size(), i + 17))));
            }
        });
        Collections.shuffle(polls, random);
        return polls;
    }

    /** The totals as the sum of every stored lead's contribution. */
    private Map<String, Long> expectedTotals() {
        Counters sum = Counters.empty();
        repository.forEachFact(GENERATION, fact -> sum.add(Contributions.of(fact), 1));
        return sum.of(Contributions.TOTALS);
    }

    private Map<String, Long> totals() {
        return aggregates.read(GENERATION, List.of(Contributions.TOTALS)).orElseThrow().of(Contributions.TOTALS);
    }

    /** Folds every partition's log: the totals must not change, and the logs are left empty. */
    private void assertFoldingChangesNothing(List<Poll> polls) {
        Map<String, Long> before = totals();
        polls.stream().flatMap(poll -> poll.source().partitionOf().values().stream()).distinct()
                .forEach(partition -> aggregates.fold(GENERATION, partition));
        assertThat(totals()).isEqualTo(before);
        polls.stream().flatMap(poll -> poll.source().partitionOf().values().stream()).distinct()
                .forEach(partition -> assertThat(aggregates.fold(GENERATION, partition)).isZero());
    }

    /** The first half of applying a poll: the logs claimed and the leads written, no append. */
    private Map<String, AggregateStore.Log> writeLeadsOnly(Poll poll, Map<String, AggregateStore.Log> views) {
        Map<String, AggregateStore.Log> logs = new HashMap<>();
        poll.source().partitionOf().values().forEach(partition -> {
            AggregateStore.Log known = views.get(partition);
            AggregateStore.Log log = aggregates.claim(GENERATION, partition, known == null ? null : known.epoch());
            views.put(partition, log);
            logs.put(partition, log);
        });
        repository.applyPoll(GENERATION, poll.byLead(), new FactRepository.Accounting(poll.source().partitionOf(),
                logs));
        return logs;
    }

    private void apply(Poll poll, Map<String, AggregateStore.Log> views) {
        accounted.apply(GENERATION, poll.byLead(), poll.source(), views);
    }

    @Test
    void shuffledAndRepeatedPollsGiveTheSumOfTheStoredLeads() {
        aggregates.establish(GENERATION, each -> each.accept(Counters.empty()));
        Map<String, AggregateStore.Log> views = new HashMap<>();
        List<Poll> polls = polls(new Random(5));

        polls.subList(0, polls.size() / 2).forEach(poll -> apply(poll, views));
        // folded halfway: the documents exist, and the rest folds into them a document at a time
        assertFoldingChangesNothing(polls);
        polls.subList(polls.size() / 2, polls.size()).forEach(poll -> apply(poll, views));
        Map<String, Long> once = totals();
        polls.subList(0, 10).forEach(poll -> apply(poll, views));

        assertThat(once).isEqualTo(expectedTotals());
        assertThat(once.get("reached|lead")).isEqualTo(42);
        assertThat(totals()).isEqualTo(once);
        assertFoldingChangesNothing(polls);
    }

    @Test
    void aPollAppliedAgainAfterItsAppendFailedCountsItsLeadsChangeOnce() {
        aggregates.establish(GENERATION, each -> each.accept(Counters.empty()));
        Map<String, AggregateStore.Log> views = new HashMap<>();
        List<Poll> polls = polls(new Random(6));
        for (Poll poll : polls) {
            // the leads are written, carrying their change, and the append never happens
            writeLeadsOnly(poll, views);

            // then the poll is applied again
            apply(poll, views);
        }

        assertThat(totals()).isEqualTo(expectedTotals());
    }

    @Test
    void aStoreEstablishedWhileLeadsCarryChangesTheLogsLackCountsThemOnceWhenTheirPollsAreAppliedAgain() {
        aggregates.establish(GENERATION, each -> each.accept(Counters.empty()));
        Map<String, AggregateStore.Log> views = new HashMap<>();
        List<Poll> polls = polls(new Random(11));
        // each topic's last poll: the database goes away after it wrote its leads, before its append
        Map<String, Poll> lastOfTopic = new LinkedHashMap<>();
        polls.forEach(poll -> lastOfTopic.put(poll.source().partitionOf().values().iterator().next().split("-")[0],
                poll));
        List<Poll> failed = List.copyOf(lastOfTopic.values());
        polls.stream().filter(poll -> !failed.contains(poll)).forEach(poll -> apply(poll, views));
        failed.forEach(poll -> writeLeadsOnly(poll, views));

        // the aggregates are established again from the stored leads (as after losing them), then the polls come again
        mongo.getDatabase(database).getCollection(GENERATION + AggregateStore.AGGREGATES).drop();
        assertThat(aggregates.establish(GENERATION,
                (logs, each) -> repository.forEachContribution(GENERATION, logs, each))).isTrue();
        failed.forEach(poll -> apply(poll, views));

        assertThat(totals()).isEqualTo(expectedTotals());
        assertThat(totals().get("reached|lead")).isEqualTo(42);
        assertFoldingChangesNothing(polls);
    }

    @Test
    void leadsCarryingAChangeForTheLogsOfAnEarlierVersionAreAppliedAndCountedOnce() {
        aggregates.establish(GENERATION, each -> each.accept(Counters.empty()));
        List<Poll> polls = polls(new Random(12));
        polls.subList(0, polls.size() / 2).forEach(poll -> apply(poll, new HashMap<>()));

        // an upgrade: the leads carry their changes under the earlier name, the new version's logs and aggregates
        // start empty and are established from the leads
        MongoDatabase db = mongo.getDatabase(database);
        db.getCollection(GENERATION).updateMany(new Document(), new Document("$rename",
                new Document("pending_v" + AggregateStore.VERSION, "pending")));
        db.getCollection(GENERATION + AggregateStore.LOG).drop();
        db.getCollection(GENERATION + AggregateStore.AGGREGATES).drop();
        assertThat(aggregates.establish(GENERATION,
                (logs, each) -> repository.forEachContribution(GENERATION, logs, each))).isTrue();
        Map<String, AggregateStore.Log> views = new HashMap<>();
        polls.forEach(poll -> apply(poll, views));

        assertThat(totals()).isEqualTo(expectedTotals());
    }

    @Test
    void aConsumerThatLostThePartitionCannotAppendAndItsLeadsChangeIsCountedOnce() {
        aggregates.establish(GENERATION, each -> each.accept(Counters.empty()));
        Map<String, AggregateStore.Log> lost = new HashMap<>();
        Map<String, AggregateStore.Log> taker = new HashMap<>();
        for (Poll poll : polls(new Random(7))) {
            // one consumer claims the logs and writes the leads
            Map<String, AggregateStore.Log> logs = writeLeadsOnly(poll, lost);

            // another takes the partitions and applies the same poll
            apply(poll, taker);

            // the first one's append is refused; applied again, the poll counts nothing twice
            for (AggregateStore.Log log : logs.values()) {
                assertThatThrownBy(() -> aggregates.append(GENERATION, log, 0, Counters.empty()))
                        .isInstanceOf(AggregateStore.LogFencedException.class);
            }
            apply(poll, lost);
        }

        assertThat(totals()).isEqualTo(expectedTotals());
    }

    @Test
    void twoConsumersApplyingTheSamePollsAtOnceCountEveryChangeOnce() throws Exception {
        aggregates.establish(GENERATION, each -> each.accept(Counters.empty()));
        List<Poll> polls = polls(new Random(8));
        Random random = new Random(9);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> consumers = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                Map<String, AggregateStore.Log> views = new ConcurrentHashMap<>();
                consumers.add(pool.submit(() -> {
                    for (Poll poll : polls) {
                        for (int attempt = 0; ; attempt++) {
                            try {
                                apply(poll, views);
                                break;
                            } catch (RuntimeException e) {
                                // fenced or a lost race on a lead: applied again after a pause, as the consumer does
                                assertThat(attempt).as("attempts on one poll (last: %s)", e).isLessThan(50);
                                Thread.sleep(1 + random.nextInt(20));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> consumer : consumers) {
                consumer.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(totals()).isEqualTo(expectedTotals());
        assertFoldingChangesNothing(polls);
    }

    @Test
    void leadsCarryingAChangeFromAnEpochOlderThanTheKeptOnesAreAppliedAndCountedOnce() {
        aggregates.establish(GENERATION, each -> each.accept(Counters.empty()));
        List<Poll> polls = polls(new Random(10));
        Map<String, AggregateStore.Log> first = new HashMap<>();
        polls.subList(0, polls.size() / 2).forEach(poll -> apply(poll, first));

        // more claims than the log keeps epochs of (restarts, rebalances) while those leads stay idle
        List<String> partitions = polls.stream().flatMap(p -> p.source().partitionOf().values().stream()).distinct()
                .toList();
        for (int claim = 0; claim <= AggregateStore.EPOCHS_KEPT; claim++) {
            partitions.forEach(partition -> aggregates.claim(GENERATION, partition, null));
        }

        // a consumer that carried its view on from a claim, then one that just claimed
        Map<String, AggregateStore.Log> later = new HashMap<>();
        partitions.forEach(partition -> later.put(partition,
                aggregates.claim(GENERATION, partition, null).carriedOn()));
        polls.subList(polls.size() / 2, polls.size()).forEach(poll -> apply(poll, later));
        polls.subList(0, polls.size() / 2).forEach(poll -> apply(poll, new HashMap<>()));

        assertThat(totals()).isEqualTo(expectedTotals());
    }

    @Test
    void aViewJudgesAnEpochItDoesNotKnowByItsNumber() {
        AggregateStore.Log view = new AggregateStore.Log("lead.events-0", "12-aa", 40, Map.of("11-bb", 30L,
                "10-cc", 20L), false);

        assertThat(view.judge("12-aa", 40)).isEqualTo(AggregateStore.Log.Carried.HELD);
        assertThat(view.judge("12-aa", 41)).isEqualTo(AggregateStore.Log.Carried.MISSING);
        assertThat(view.judge("10-cc", 21)).isEqualTo(AggregateStore.Log.Carried.MISSING);
        assertThat(view.judge("13-dd", 1)).as("claimed since the view").isEqualTo(AggregateStore.Log.Carried.UNKNOWN);
        assertThat(view.judge("9-ee", 99)).as("older than the kept").isEqualTo(AggregateStore.Log.Carried.HELD);
        assertThat(view.judge("ffee", 99)).as("before the numbering").isEqualTo(AggregateStore.Log.Carried.HELD);
    }

    @Test
    void entriesWaitInTheLogUntilTheAggregatesAreEstablishedAndAreReadWhetherFoldedOrNot() {
        AggregateStore.Log log = aggregates.claim(GENERATION, "lead.events-0", null);
        aggregates.append(GENERATION, log, 10, Counters.empty().add(Contributions.TOTALS, "reached|lead", 2));

        // not established: nothing to read, nothing folded
        assertThat(aggregates.read(GENERATION, List.of(Contributions.TOTALS))).isEmpty();
        assertThat(aggregates.fold(GENERATION, "lead.events-0")).isZero();

        // established from a base that holds that entry already; a later entry adds to it
        aggregates.establish(GENERATION,
                each -> each.accept(Counters.empty().add(Contributions.TOTALS, "reached|lead", 2)));
        log = aggregates.claim(GENERATION, "lead.events-0", log.epoch());
        aggregates.append(GENERATION, log, 11, Counters.empty().add(Contributions.TOTALS, "reached|lead", 3)
                .add("other", "x", 1));
        assertThat(totals()).containsEntry("reached|lead", 5L);

        assertThat(aggregates.fold(GENERATION, "lead.events-0")).isEqualTo(2);
        assertThat(totals()).containsEntry("reached|lead", 5L);
        assertThat(aggregates.read(GENERATION, List.of("other")).orElseThrow().get("other", "x")).isEqualTo(1);
        assertThat(aggregates.fold(GENERATION, "lead.events-0")).isZero();
        assertThat(totals()).containsEntry("reached|lead", 5L);
    }

    @Test
    void aListOfLeadsForgetsALeadThatMovedOnOnceItsCounterIsBackAtZero() {
        aggregates.establish(GENERATION, each -> each.accept(Counters.empty()));
        String open = LeadLists.shardOf(OpenLeads.leads(LocalDate.parse("2026-09-07"), 1), "lead-1");
        String due = LeadLists.shardOf(DailyOutcomes.dueTimes(LocalDate.parse("2026-09-07")), "lead-1");
        AggregateStore.Log log = aggregates.claim(GENERATION, "lead.lifecycle-0", null);
        aggregates.append(GENERATION, log, 1, Counters.empty().add(open, "100|lead-1", 1).add(open, "200|lead-2", 1)
                .add(due, "300|1|x", 2).add("open|all", "1|2026-09-07", 2));
        aggregates.fold(GENERATION, List.of("lead.lifecycle-0"));
        log = aggregates.claim(GENERATION, "lead.lifecycle-0", log.epoch());
        // lead-1 moves on; one of the two hand-offs due at 300 goes; the calendar counts one open lead fewer
        aggregates.append(GENERATION, log, 2, Counters.empty().add(open, "100|lead-1", -1).add(due, "300|1|x", -1)
                .add("open|all", "1|2026-09-07", -1));
        aggregates.fold(GENERATION, List.of("lead.lifecycle-0"));

        MongoCollection<Document> stored = mongo.getDatabase(database).getCollection(GENERATION
                + AggregateStore.AGGREGATES);
        assertThat(stored.find(new Document("_id", open)).first().get("c", Document.class))
                .as("the lead that moved on is no longer named").isEqualTo(new Document("200|lead-2", 1L));
        assertThat(stored.find(new Document("_id", due)).first().get("c", Document.class))
                .as("a counter above zero stays").isEqualTo(new Document("300|1|x", 1L));
        assertThat(stored.find(new Document("_id", "open|all")).first().get("c", Document.class))
                .as("not a list: untouched").isEqualTo(new Document("1|2026-09-07", 1L));
        assertThat(aggregates.read(GENERATION, List.of(open)).orElseThrow().of(open))
                .isEqualTo(Map.of("200|lead-2", 1L));
    }

    @Test
    void aFoldThatFailsIsThrownForItsCallerToReportAndLeavesTheEntriesInTheLog() {
        aggregates.establish(GENERATION, each -> each.accept(Counters.empty()));
        AggregateStore.Log log = aggregates.claim(GENERATION, "lead.events-0", null);
        aggregates.append(GENERATION, log, 10, Counters.empty().add(Contributions.TOTALS, "reached|lead", 2));
        // an entry no fold can add up: a counter stored as text
        mongo.getDatabase(database).getCollection(GENERATION + AggregateStore.LOG).updateOne(
                new Document("_id", "lead.events-0"), new Document("$push", new Document("entries",
                        new Document("seq", 1_000).append("c", new Document(Contributions.TOTALS,
                                new Document("reached|mql", "one"))))));

        // before, the fold's failure was logged at debug level only, and the logs grew unseen
        assertThatThrownBy(() -> accounted.fold(GENERATION, List.of("lead.events-0")))
                .isInstanceOf(RuntimeException.class);
        Document stored = mongo.getDatabase(database).getCollection(GENERATION + AggregateStore.LOG)
                .find(new Document("_id", "lead.events-0")).first();
        assertThat(stored.getList("entries", Document.class)).as("entries left for the next fold").hasSize(2);
    }

    @Test
    void foldsOfEveryPartitionAtOnceRacingEachOtherAndTheAppendsCountEveryEntryOnce() throws Exception {
        aggregates.establish(GENERATION, each -> each.accept(Counters.empty()));
        List<String> partitions = List.of("lead.events-0", "lead.scores-1", "lead.lifecycle-2");
        Counters expected = Counters.empty();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        AtomicBoolean appending = new AtomicBoolean(true);
        List<Future<?>> folders = new ArrayList<>();
        try {
            for (int f = 0; f < 2; f++) {
                folders.add(pool.submit(() -> {
                    while (appending.get()) {
                        aggregates.fold(GENERATION, partitions);
                    }
                    return null;
                }));
            }
            Map<String, AggregateStore.Log> views = new HashMap<>();
            partitions.forEach(p -> views.put(p, aggregates.claim(GENERATION, p, null)));
            for (int i = 0; i < 300; i++) {
                String partition = partitions.get(i % partitions.size());
                // documents every partition changes, and new ones appearing while the folds run
                Counters change = Counters.empty().add(Contributions.TOTALS, "reached|lead", 1)
                        .add("doc-" + (i % 7), "n|" + (i % 3), i + 1).add("new-" + i / 10, "n", 1);
                aggregates.append(GENERATION, views.get(partition), i, change);
                views.put(partition, views.get(partition).appended());
                expected.add(change, 1);
            }
        } finally {
            appending.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        for (Future<?> folder : folders) {
            folder.get(); // no fold failed
        }
        aggregates.fold(GENERATION, partitions);
        aggregates.fold(GENERATION, partitions);

        assertThat(aggregates.read(GENERATION, expected.documents()).orElseThrow()).isEqualTo(expected);
        assertThat(aggregates.fold(GENERATION, partitions)).as("entries left in the logs").isZero();
        // read from the documents alone: the logs are empty
        assertThat(mongo.getDatabase(database).getCollection(GENERATION + AggregateStore.AGGREGATES)
                .find(new Document("_id", Contributions.TOTALS)).first().get("c", Document.class)
                .get("reached|lead", Number.class).longValue()).isEqualTo(300);
    }

    @Test
    void aFoldOfMoreThanOnePassesWorthOfCountersTakesThemAllInPasses() {
        aggregates.establish(GENERATION, each -> each.accept(Counters.empty()));
        List<String> partitions = List.of("rebuild-0", "rebuild-1", "rebuild-2");
        Counters expected = Counters.empty();
        int perEntry = AggregateStore.FOLD_COUNTERS / 7;
        for (String partition : partitions) {
            AggregateStore.Log log = aggregates.claim(GENERATION, partition, null);
            for (int i = 0; i < 4; i++) {
                Counters change = Counters.empty().add(Contributions.TOTALS, "reached|lead", 1);
                for (int n = 0; n < perEntry; n++) {
                    change.add("big-" + (n % 5), "c" + n, 1);
                }
                aggregates.append(GENERATION, log, i, change);
                log = log.appended();
                expected.add(change, 1);
            }
        }

        assertThat(aggregates.fold(GENERATION, partitions)).as("entries removed").isEqualTo(12);
        assertThat(aggregates.fold(GENERATION, partitions)).isZero();
        assertThat(aggregates.read(GENERATION, expected.documents()).orElseThrow()).isEqualTo(expected);
    }

    @Test
    void aLogOfManySlicesIsFoldedWholeInOneFold() {
        aggregates.establish(GENERATION, each -> each.accept(Counters.empty()));
        int appended = AggregateStore.FOLD_SLICE * 3 + 5;
        AggregateStore.Log log = aggregates.claim(GENERATION, "rebuild-0", null);
        Counters expected = Counters.empty();
        for (int i = 0; i < appended; i++) {
            Counters change = Counters.empty().add(Contributions.TOTALS, "reached|lead", 1)
                    .add("doc-" + (i % 3), "n" + i, i + 1);
            aggregates.append(GENERATION, log, i, change);
            log = log.appended();
            expected.add(change, 1);
        }

        assertThat(aggregates.fold(GENERATION, "rebuild-0")).as("entries removed").isEqualTo(appended);
        assertThat(mongo.getDatabase(database).getCollection(GENERATION + AggregateStore.LOG)
                .find(new Document("_id", "rebuild-0")).first().getList("entries", Document.class)).isEmpty();
        assertThat(aggregates.read(GENERATION, expected.documents()).orElseThrow()).isEqualTo(expected);
    }

    @Test
    void establishingDropsTheCollectionsOfEveryEarlierVersion() {
        MongoDatabase db = mongo.getDatabase(database);
        List<String> earlier = List.of("_log", "_aggregates", "_log_v2", "_aggregates_v2",
                "_log_v" + (AggregateStore.VERSION - 1), "_aggregates_v" + (AggregateStore.VERSION - 1));
        earlier.forEach(suffix -> db.getCollection(GENERATION + suffix).insertOne(new Document("_id", "x")));

        aggregates.establish(GENERATION,
                each -> each.accept(Counters.empty().add(Contributions.TOTALS, "reached|lead", 1)));

        List<String> left = db.listCollectionNames().into(new ArrayList<>());
        assertThat(left).as("collections left").contains(GENERATION + AggregateStore.AGGREGATES)
                .doesNotContainAnyElementsOf(earlier.stream().map(suffix -> GENERATION + suffix).toList());
    }

    @Test
    void establishingInChunksGivesTheWholeSumOnceAndAHalfBuiltCollectionEstablishesNothing() {
        MongoDatabase db = mongo.getDatabase(database);
        // a start that died while establishing left its collection behind: the generation is not established
        db.getCollection(GENERATION + AggregateStore.AGGREGATES + "_establishing_dead")
                .insertOne(new Document("_id", "established").append("wm", new Document()));
        assertThat(aggregates.established(GENERATION)).isFalse();

        // three leads' worth of counters, more than two chunks, overlapping in one document
        int perLead = AggregateStore.ESTABLISHING_CHUNK * 3 / 4;
        List<Counters> leads = new ArrayList<>();
        for (int lead = 0; lead < 3; lead++) {
            Counters contribution = Counters.empty().add(Contributions.TOTALS, "reached|lead", 1);
            for (int n = 0; n < perLead; n++) {
                contribution.add("d" + (n % 7) + "-" + lead, "c" + n, n + 1);
            }
            leads.add(contribution);
        }
        assertThat(aggregates.establish(GENERATION, each -> leads.forEach(each))).isTrue();
        assertThat(aggregates.establish(GENERATION, each -> leads.forEach(each))).as("established already")
                .isFalse();

        Counters expected = Counters.empty();
        leads.forEach(lead -> expected.add(lead, 1));
        assertThat(aggregates.read(GENERATION, expected.documents()).orElseThrow()).isEqualTo(expected);
        assertThat(totals()).containsEntry("reached|lead", 3L);

        aggregates.drop(GENERATION);
        assertThat(db.listCollectionNames().into(new ArrayList<>())).as("collections left")
                .noneMatch(name -> name.startsWith(GENERATION));
    }
}
