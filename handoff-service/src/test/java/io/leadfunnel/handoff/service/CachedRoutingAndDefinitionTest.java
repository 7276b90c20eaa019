package io.leadfunnel.handoff.service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import io.leadfunnel.events.Stage;
import io.leadfunnel.handoff.Definitions;
import io.leadfunnel.handoff.Fixtures;
import io.leadfunnel.handoff.HandoffTestProfile;
import io.leadfunnel.handoff.domain.AgreedLeadDefinition;
import io.leadfunnel.handoff.domain.DefaultDefinition;
import io.leadfunnel.handoff.domain.MqlCriteria;
import io.leadfunnel.handoff.domain.RoutingRule;
import io.leadfunnel.handoff.domain.RoutingTable;
import io.leadfunnel.handoff.domain.LeadLifecycle;
import io.leadfunnel.handoff.repository.Collections;
import io.leadfunnel.handoff.repository.StoredJson;
import io.leadfunnel.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The definition pointer, the routing table and the reps are kept in memory: a change over this instance's REST API
 * is used by the very next lead; a change another instance wrote is used once the refresh interval (1 s in tests) has
 * passed.
 */
@QuarkusTest
@TestProfile(HandoffTestProfile.class)
class CachedRoutingAndDefinitionTest {

    private static final String OPS = TestTokens.forRole("olga", "sales-ops");
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @Inject
    LifecycleService lifecycles;

    @Inject
    RoutingService routing;

    @Inject
    DefinitionService definitions;

    @Inject
    Collections collections;

    @Test
    void given_routing_in_use_when_the_table_and_a_rep_change_over_rest_then_the_very_next_lead_follows_them() {
        String industry = Fixtures.uniqueId("industry");
        String anna = putRep(Fixtures.uniqueId("anna"), true);
        String ben = putRep(Fixtures.uniqueId("ben"), true);
        putTable(industry, anna);
        assertThat(handOff(industry).owner()).isEqualTo(anna);

        putTable(industry, ben);
        assertThat(handOff(industry).owner()).isEqualTo(ben);

        putRep(ben, false);
        assertThat(handOff(industry).owner()).isEqualTo("queue:inbound");
    }

    @Test
    void given_a_definition_in_use_when_another_version_is_activated_over_rest_then_the_very_next_lead_is_judged_by_it() {
        String industry = Fixtures.uniqueId("industry");
        judge(industry); // the active definition is in use, and held
        AgreedLeadDefinition strict = withMinTotalScore(95);
        int strictVersion = Definitions.activate(strict);
        try {
            String lead = judge(industry);
            assertThat(lifecycles.lifecycle(lead).stage()).isEqualTo(Stage.LEAD);
            assertThat(definitions.active()).get().extracting(AgreedLeadDefinition::version).isEqualTo(strictVersion);
        } finally {
            Definitions.activate(DefaultDefinition.content());
        }
        assertThat(lifecycles.lifecycle(judge(industry)).stage()).isEqualTo(Stage.MQL);
    }

    @Test
    void given_a_routing_table_and_rep_written_by_another_instance_when_the_refresh_interval_passed_then_they_are_used() {
        String industry = Fixtures.uniqueId("industry");
        String anna = putRep(Fixtures.uniqueId("anna"), true);
        putTable(industry, anna);
        assertThat(handOff(industry).owner()).isEqualTo(anna);

        String carl = Fixtures.uniqueId("carl"); // another instance adds a rep and routes the industry to them
        collections.get(Collections.REPS).insertOne(new Document("_id", carl).append("team", "emea")
                .append("weight", 1).append("available", true).append("capacity", 0));
        RoutingTable table = new RoutingTable(List.of(ownerRule(industry, carl)), "inbound", null);
        collections.get(Collections.ROUTING).replaceOne(Filters.eq("_id", "table"),
                new Document("_id", "table").append("content", StoredJson.toDocument(table)),
                new ReplaceOptions().upsert(true));

        await(() -> routing.rep(carl).isPresent() && routing.table().rules().get(0).target().name().equals(carl));
        assertThat(handOff(industry).owner()).isEqualTo(carl);
    }

    @Test
    void given_a_version_activated_by_another_instance_when_the_refresh_interval_passed_then_it_is_the_active_one() {
        judge(Fixtures.uniqueId("industry"));
        int version = Definitions.draft(DefaultDefinition.content());
        Definitions.approve(version, Definitions.MARKETER, "MARKETING", "marketing");
        Definitions.approve(version, Definitions.SELLER, "SALES", "sales");
        int before = definitions.active().orElseThrow().version();

        collections.get(Collections.POINTERS).updateOne(Filters.and(Filters.eq("_id", "active-definition"),
                Filters.eq("version", before)), Updates.set("version", version));

        await(() -> definitions.active().orElseThrow().version() == version);
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("within %s", PATIENCE).isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String putRep(String id, boolean available) {
        given().auth().oauth2(OPS).contentType(ContentType.JSON).body("{\"team\":\"emea\",\"weight\":1,\"available\":"
                + available + ",\"capacity\":0}").put("/reps/" + id).then().statusCode(200);
        return id;
    }

    private static void putTable(String industry, String owner) {
        given().auth().oauth2(OPS).contentType(ContentType.JSON).body("""
                {"rules":[{"id":"rule-%1$s","when":{"industries":["%1$s"]},"target":{"kind":"OWNER","name":"%2$s"}}],
                 "fallbackQueue":"inbound"}""".formatted(industry, owner)).put("/routing").then().statusCode(200);
    }

    private static RoutingRule ownerRule(String industry, String owner) {
        return new RoutingRule("rule-" + industry, new RoutingRule.Conditions(null, null, null, null,
                List.of(industry), null, null), new RoutingRule.Target(RoutingRule.Target.Kind.OWNER, owner), null);
    }

    private static AgreedLeadDefinition withMinTotalScore(int minTotal) {
        AgreedLeadDefinition d = DefaultDefinition.content();
        MqlCriteria m = d.mql();
        return new AgreedLeadDefinition(0, new MqlCriteria(m.minFitScore(), minTotal, m.minGrade(),
                m.requiredFields(), m.exclusions()), d.sql(), d.sla(), d.recycling());
    }

    /** A lead of the industry scoring 80 (A); its id. */
    private String judge(String industry) {
        String lead = Fixtures.uniqueId("lead");
        lifecycles.apply(Fixtures.captured(lead, Fixtures.profile(industry)));
        lifecycles.apply(Fixtures.scored(lead, 80, "A"));
        return lead;
    }

    private io.leadfunnel.handoff.domain.Handoff handOff(String industry) {
        LeadLifecycle lifecycle = lifecycles.lifecycle(judge(industry));
        assertThat(lifecycle.stage()).isEqualTo(Stage.MQL);
        return lifecycle.handoff();
    }
}
