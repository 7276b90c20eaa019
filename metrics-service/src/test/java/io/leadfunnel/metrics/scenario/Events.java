package io.leadfunnel.metrics.scenario;

import io.leadfunnel.events.Actor;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.HandoffSlaBreached;
import io.leadfunnel.events.LeadCaptured;
import io.leadfunnel.events.LeadClosed;
import io.leadfunnel.events.LeadErased;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadProfileUpdated;
import io.leadfunnel.events.LeadScored;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.Stage;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds one lead's events for tests, with event ids derived from the lead id and a counter, so the same scenario
 * always has the same ids.
 */
public final class Events {

    private final String leadId;
    private final List<FunnelEvent> events = new ArrayList<>();
    private long sequence;
    private Stage stage = Stage.LEAD;
    private String owner;
    private String team;

    private Events(String leadId) {
        this.leadId = leadId;
    }

    public static Events lead(String leadId) {
        return new Events(leadId);
    }

    public String leadId() {
        return leadId;
    }

    public List<FunnelEvent> events() {
        return List.copyOf(events);
    }

    private UUID nextId() {
        return UUID.nameUUIDFromBytes((leadId + "#" + events.size()).getBytes(StandardCharsets.UTF_8));
    }

    public static LeadProfile profile(LeadSource source, String campaign, LeadOrigin origin, Integer size,
                                      String industry) {
        return new LeadProfile(null, "Ann", "Example", "Acme", "acme.example", "CTO", "DE", industry, size, source,
                source == null ? null : source.name(), campaign, origin);
    }

    public Events captured(Instant at, LeadProfile profile) {
        events.add(new LeadCaptured(nextId(), leadId, at, 1, "lead-service", ++sequence, profile, null, "api"));
        return this;
    }

    public Events profileUpdated(Instant at, LeadProfile profile) {
        events.add(new LeadProfileUpdated(nextId(), leadId, at, 1, "lead-service", ++sequence, profile, List.of(),
                List.of()));
        return this;
    }

    public Events scored(Instant at, int total) {
        events.add(new LeadScored(nextId(), leadId, at, 1, "scoring-service", total, 0, total, "B", null, null, null,
                null, 1, List.of(), "event"));
        return this;
    }

    public Events stage(Instant at, Stage to) {
        return stage(at, to, null);
    }

    public Events stage(Instant at, Stage to, String reasonCode) {
        Actor actor = to == Stage.MQL ? Actor.system("mql-evaluator") : Actor.user(owner == null ? "rep" : owner);
        events.add(new LeadStageChanged(nextId(), leadId, at, 1, "handoff-service", stage, to, 1, List.of(), actor,
                reasonCode, null, owner, team));
        stage = to;
        return this;
    }

    /** Sets the owner of later stage changes without a hand-off (a sales-sourced lead). */
    public Events owner(String owner, String team) {
        this.owner = owner;
        this.team = team;
        return this;
    }

    public Events handoff(Instant at, String owner, String team, Duration acceptWithin) {
        this.owner = owner;
        this.team = team;
        events.add(new HandoffAssigned(nextId(), leadId, at, 1, "handoff-service", "h-" + leadId + "-" + events.size(),
                owner, team, "default", at.plus(acceptWithin), 1));
        return this;
    }

    public Events breached(Instant at, Instant dueAt) {
        events.add(new HandoffSlaBreached(nextId(), leadId, at, 1, "handoff-service", "h-" + leadId, HandoffSlaBreached.Sla.ACCEPT,
                owner, team, dueAt, null));
        return this;
    }

    public Events won(Instant at, String amount) {
        stage(at, Stage.WON);
        events.add(new LeadClosed(nextId(), leadId, at, 1, "handoff-service", Stage.WON, new BigDecimal(amount), "EUR",
                null, owner, team));
        return this;
    }

    public Events lost(Instant at, String reason) {
        stage(at, Stage.LOST, reason);
        events.add(new LeadClosed(nextId(), leadId, at, 1, "handoff-service", Stage.LOST, null, "EUR", reason, owner,
                team));
        return this;
    }

    public Events merged(Instant at, String into) {
        events.add(new LeadErased(nextId(), leadId, at, 1, "lead-service", ++sequence, LeadErased.Reason.MERGED, into));
        return this;
    }
}
