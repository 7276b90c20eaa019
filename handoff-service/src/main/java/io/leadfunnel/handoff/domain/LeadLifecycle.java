package io.leadfunnel.handoff.domain;

import io.leadfunnel.events.Actor;
import io.leadfunnel.events.CriterionResult;
import io.leadfunnel.events.EventIds;
import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.HandoffAssigned;
import io.leadfunnel.events.HandoffSlaBreached;
import io.leadfunnel.events.LeadClosed;
import io.leadfunnel.events.LeadPersonalData;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadStageChanged;
import io.leadfunnel.events.LifecycleEvent;
import io.leadfunnel.events.PersonalValues;
import io.leadfunnel.events.Stage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One lead's life after capture: the stage state machine ({@code LEAD -> MQL -> SAL -> SQL -> WON | LOST}, side exits
 * {@code RECYCLED} and {@code DISQUALIFIED}), its hand-off and SLA clocks. Every change appends the lifecycle events
 * it produces to {@link #pendingEvents()} and to the audit trail; an action the stage does not allow is refused with
 * the actions it does allow.
 *
 * <p><b>Personal values.</b> A profile event ({@code LeadCaptured}, {@code LeadProfileUpdated}) either carries the
 * lead's personal values ({@link PersonalValues#INLINE}) or not ({@link PersonalValues#ON_PROFILE_TOPIC}: they come
 * as a {@link LeadPersonalData} on {@code lead.profiles}, before or after the event). The lifecycle keeps the newest
 * event's profile and the newest personal data, each with its own sequence, and judges the lead on both together
 * ({@link #profile()}). While the newest profile event is {@code ON_PROFILE_TOPIC} with sequence {@code s} and no
 * personal data with a sequence of at least {@code s} has come, the lead is not judged against the definition: no
 * evaluation, no stage change from it; the personal data's arrival judges it as the complete profile would have been.
 * A tombstone on {@code lead.profiles} drops the personal values held and means the lead is being erased: from then
 * on it is not judged either, and its {@code LeadErased} does the rest.
 */
public final class LeadLifecycle {

    /** Component names recorded as the cause of system decisions. */
    public static final Actor MQL_EVALUATOR = Actor.system("mql-evaluator");
    public static final Actor ROUTER = Actor.system("router");
    public static final Actor SLA_TIMER = Actor.system("sla-timer");
    public static final Actor RECYCLING = Actor.system("recycling");

    /** How many input event ids a lead remembers for deduplication. */
    public static final int REMEMBERED_EVENTS = 1000;

    private static final Map<Stage, Set<LeadAction>> ALLOWED = new EnumMap<>(Stage.class);

    static {
        for (Stage stage : Stage.values()) {
            ALLOWED.put(stage, EnumSet.noneOf(LeadAction.class));
        }
        ALLOWED.put(Stage.MQL, EnumSet.of(LeadAction.ACCEPT, LeadAction.REJECT, LeadAction.REASSIGN));
        ALLOWED.put(Stage.SAL, EnumSet.of(LeadAction.QUALIFY, LeadAction.REJECT, LeadAction.CLOSE_LOST,
                LeadAction.REASSIGN));
        ALLOWED.put(Stage.SQL, EnumSet.of(LeadAction.CLOSE_WON, LeadAction.CLOSE_LOST, LeadAction.REASSIGN));
    }

    /**
     * Everything stored about the lead's lifecycle.
     *
     * @param stage           current stage; null until the lead's capture or first qualification is seen
     * @param profile         the newest profile event's profile; without personal values when they travel apart
     * @param profileSequence lead-service sequence of that profile
     * @param personalValues  whether that profile holds its personal values (null in documents stored before the
     *                        values moved to {@code lead.profiles}: {@link PersonalValues#INLINE})
     * @param personalData    the newest personal values from {@code lead.profiles}, with their sequence (without the
     *                        lead's external references, which nothing here reads); null when none came or they were
     *                        erased
     * @param personalDataErased whether {@code lead.profiles} said the personal data was erased (a tombstone)
     * @param erasedAt        when the lead's personal data was erased (it is then no longer evaluated)
     * @param recycles        how many times sales rejected it
     * @param recycledAt      when it was last recycled
     * @param checklist       the SQL checklist sales confirmed
     * @param lastEvaluation  the latest MQL evaluation, passed or not
     * @param history         every lifecycle event of the lead, oldest first (the audit trail)
     * @param appliedEventIds ids of the input events already applied (idempotency)
     */
    public record State(String leadId, Stage stage, LeadProfile profile, long profileSequence,
                        PersonalValues personalValues, LeadPersonalData personalData, boolean personalDataErased,
                        Score score, Instant erasedAt, int recycles, Instant recycledAt, Handoff handoff,
                        Map<ChecklistItem, String> checklist, MqlEvaluation lastEvaluation,
                        List<LifecycleEvent> history, List<String> appliedEventIds) {
    }

    private final String leadId;
    private Stage stage;
    private LeadProfile profile;
    private long profileSequence;
    private PersonalValues personalValues;
    private LeadPersonalData personalData;
    private boolean personalDataErased;
    private Score score;
    private Instant erasedAt;
    private int recycles;
    private Instant recycledAt;
    private Handoff handoff;
    private Map<ChecklistItem, String> checklist;
    private MqlEvaluation lastEvaluation;
    private final List<LifecycleEvent> history;
    private final LinkedHashSet<String> appliedEventIds;
    private final List<LifecycleEvent> pending = new ArrayList<>();

    public LeadLifecycle(State s) {
        this.leadId = Objects.requireNonNull(s.leadId(), "leadId");
        this.stage = s.stage();
        this.profile = s.profile() == null ? LeadProfile.empty() : s.profile();
        this.profileSequence = s.profileSequence();
        this.personalValues = s.personalValues() == null ? PersonalValues.INLINE : s.personalValues();
        this.personalData = s.personalData();
        this.personalDataErased = s.personalDataErased();
        this.score = s.score();
        this.erasedAt = s.erasedAt();
        this.recycles = s.recycles();
        this.recycledAt = s.recycledAt();
        this.handoff = s.handoff();
        this.checklist = s.checklist() == null ? Map.of() : Map.copyOf(s.checklist());
        this.lastEvaluation = s.lastEvaluation();
        this.history = new ArrayList<>(s.history() == null ? List.of() : s.history());
        this.appliedEventIds = new LinkedHashSet<>(s.appliedEventIds() == null ? List.of() : s.appliedEventIds());
    }

    /** A lead handoff-service has not seen before. */
    public static LeadLifecycle unknown(String leadId) {
        return new LeadLifecycle(new State(leadId, null, null, 0, null, null, false, null, null, 0, null, null, null,
                null, null, null));
    }

    public State state() {
        return new State(leadId, stage, profile, profileSequence, personalValues, personalData, personalDataErased,
                score, erasedAt, recycles, recycledAt, handoff,
                checklist, lastEvaluation, List.copyOf(history), List.copyOf(appliedEventIds));
    }

    // ------------------------------------------------------------------ input facts

    /** Whether an input event was applied already (a redelivery). */
    public boolean hasApplied(UUID eventId) {
        return appliedEventIds.contains(eventId.toString());
    }

    /**
     * Remembers that an input event was applied. Only the newest {@link #REMEMBERED_EVENTS} ids are kept: the facts
     * themselves are safe to apply twice (older profiles and scores never replace newer ones), so the memory only has
     * to cover the redeliveries Kafka realistically makes.
     */
    public void markApplied(UUID eventId) {
        appliedEventIds.add(eventId.toString());
        while (appliedEventIds.size() > REMEMBERED_EVENTS) {
            appliedEventIds.remove(appliedEventIds.iterator().next());
        }
    }

    /** The lead was captured with its personal values in the profile ({@link PersonalValues#INLINE}). */
    public void captured(long sequence, LeadProfile captured) {
        captured(sequence, captured, PersonalValues.INLINE);
    }

    /** The lead was captured: it is at LEAD unless a later fact already moved it. */
    public void captured(long sequence, LeadProfile captured, PersonalValues personal) {
        if (stage == null) {
            stage = Stage.LEAD;
        }
        profileChanged(sequence, captured, personal);
    }

    /** A profile report with its personal values in the profile ({@link PersonalValues#INLINE}). */
    public void profileChanged(long sequence, LeadProfile changed) {
        profileChanged(sequence, changed, PersonalValues.INLINE);
    }

    /**
     * A profile report; only one newer than the one held replaces it (reports may arrive out of order). Its personal
     * values, if it has any, are not kept once {@code lead.profiles} said they were erased.
     *
     * @param personal whether {@code changed} holds the personal values or they come on {@code lead.profiles}
     */
    public void profileChanged(long sequence, LeadProfile changed, PersonalValues personal) {
        if (erasedAt == null && sequence > profileSequence && changed != null) {
            boolean inline = personal != PersonalValues.ON_PROFILE_TOPIC;
            profile = inline && !personalDataErased ? changed : changed.withoutPersonalValues();
            profileSequence = sequence;
            personalValues = inline ? PersonalValues.INLINE : PersonalValues.ON_PROFILE_TOPIC;
        }
    }

    /**
     * The lead's personal values from {@code lead.profiles}. Taken when their sequence is at least that of the
     * personal data held (equal: the same record again, which changes nothing); ignored once the lead or its personal
     * data was erased, so a record that comes late cannot bring them back.
     *
     * @return whether they were taken
     */
    public boolean personalDataArrived(LeadPersonalData personal) {
        if (erasedAt != null || personalDataErased
                || personalData != null && personal.sequence() < personalData.sequence()) {
            return false;
        }
        // only what the definition reads: the lead's ids in other systems are not needed here
        personalData = new LeadPersonalData(personal.leadId(), personal.sequence(), personal.occurredAt(),
                personal.schemaVersion(), personal.producer(), personal.email(), personal.firstName(),
                personal.lastName(), personal.company(), personal.companyDomain(), personal.title());
        return true;
    }

    /**
     * A tombstone on {@code lead.profiles}: the lead's personal data was erased (an erasure request, or a merge into
     * another lead). The personal values held are dropped, including those an inline profile brought, and the lead is
     * no longer judged; its {@code LeadErased} ends the hand-off and cleans the audit trail.
     */
    public void personalDataErased() {
        personalDataErased = true;
        personalData = null;
        profile = profile.withoutPersonalValues();
    }

    /**
     * Whether the newest profile event left its personal values to {@code lead.profiles} and they have not come yet:
     * no personal data with a sequence at least the event's. Judging the profile without them would decide on an
     * e-mail, company and title that are missing only in transit.
     */
    public boolean awaitsPersonalValues() {
        return personalValues == PersonalValues.ON_PROFILE_TOPIC
                && (personalData == null || personalData.sequence() < profileSequence);
    }

    /** A new score; the newest by time wins. */
    public void scored(Score newScore) {
        if (score == null || !newScore.at().isBefore(score.at())) {
            score = newScore;
        }
    }

    /** The lead's personal data was erased: keep only anonymous facts and stop evaluating it. */
    public void erased(Instant at) {
        if (erasedAt != null) {
            return;
        }
        erasedAt = at;
        personalData = null;
        profile = new LeadProfile(null, null, null, null, null, null, profile.country(), profile.industry(),
                profile.companySize(), profile.source(), null, profile.campaign(), profile.origin());
        if (handoff != null && handoff.isOpen()) {
            handoff = handoff.ended(at);
        }
        // evaluations stored before they stopped quoting personal values quote the e-mail domain, company domain
        // and title they judged
        if (lastEvaluation != null) {
            lastEvaluation = new MqlEvaluation(lastEvaluation.definitionVersion(),
                    withoutPersonalData(lastEvaluation.criteria()));
        }
        history.replaceAll(event -> event instanceof LeadStageChanged changed ? new LeadStageChanged(
                changed.eventId(), changed.leadId(), changed.occurredAt(), changed.schemaVersion(), changed.producer(),
                changed.from(), changed.to(), changed.definitionVersion(), withoutPersonalData(changed.criteria()),
                changed.causedBy(), changed.reasonCode(), changed.reason(), changed.owner(), changed.team()) : event);
    }

    /** Criteria whose observed value is taken from the lead's personal data (e-mail, company domain, title). */
    static final Set<String> PERSONAL_CRITERIA = Set.of("mql.excludeFreeMail", "mql.excludeCompetitors",
            "mql.excludeStudentsAndJobSeekers");

    /** Written instead of an observed value that was personal data, once the lead is erased. */
    public static final String ERASED = "(erased)";

    private static List<CriterionResult> withoutPersonalData(List<CriterionResult> criteria) {
        return criteria.stream().map(c -> PERSONAL_CRITERIA.contains(c.criterion()) && c.observed() != null
                ? new CriterionResult(c.criterion(), c.passed(), ERASED, c.expected()) : c).toList();
    }

    /** A call or meeting: the first one after acceptance stops the first-contact clock. */
    public void contacted(Instant at) {
        if (handoff != null && handoff.isOpen() && handoff.acceptedAt() != null && handoff.firstContactAt() == null
                && !at.isBefore(handoff.acceptedAt())) {
            handoff = handoff.contacted(at);
        }
    }

    // ------------------------------------------------------------------ marketing qualification

    /**
     * Whether the lead may become an MQL now: at LEAD, or recycled and past the definition's waiting time, and with a
     * profile that can be judged (a profile event has been applied: a score can come before the capture, on its own
     * topic, and judging the lead then would only record its required fields as missing; not erased or being erased; not
     * {@linkplain #awaitsPersonalValues() awaiting its personal values}).
     */
    public boolean mayQualify(AgreedLeadDefinition definition, Instant now) {
        if (profileSequence == 0 || erasedAt != null || personalDataErased || awaitsPersonalValues()) {
            return false;
        }
        if (stage == null || stage == Stage.LEAD) {
            return true;
        }
        return stage == Stage.RECYCLED && recycledAt != null
                && !now.isBefore(recycledAt.plus(definition.recycling().waitingTime()));
    }

    /**
     * Evaluates the MQL criteria when the lead may qualify; a lead that meets them becomes an MQL.
     *
     * @return the evaluation, or empty when the lead may not qualify now
     */
    public Optional<MqlEvaluation> evaluate(AgreedLeadDefinition definition, Instant now) {
        if (!mayQualify(definition, now)) {
            return Optional.empty();
        }
        MqlEvaluation evaluation = definition.evaluateMql(facts());
        lastEvaluation = evaluation;
        if (evaluation.qualifies()) {
            moveTo(Stage.MQL, now, definition.version(), evaluation.criteria(), MQL_EVALUATOR, null, null);
        }
        return Optional.of(evaluation);
    }

    /** What the definition and routing look at: the complete profile and the score. */
    public LeadFacts facts() {
        return new LeadFacts(profile(), score);
    }

    /** Hands a new MQL to the owner routing chose; the accept clock starts. */
    public void assign(RoutingDecision decision, AgreedLeadDefinition definition, Instant now) {
        if (stage != Stage.MQL || handoff != null && handoff.isOpen()) {
            throw new IllegalStateException("only a new MQL without an open hand-off can be assigned");
        }
        Instant due = definition.sla().acceptDueAt(now);
        handoff = new Handoff(EventIds.next().toString(), decision.owner(), decision.team(), decision.rule(),
                decision.notifyTeam(), definition.version(), now, due, null, null, null, 0, due, null);
        emit(new HandoffAssigned(EventIds.next(), leadId, now, FunnelEvent.SCHEMA_VERSION, LifecycleEvent.PRODUCER,
                handoff.id(), decision.owner(), decision.team(), decision.rule(), due, definition.version()));
    }

    // ------------------------------------------------------------------ sales actions

    /** The actions the current stage allows. */
    public Set<LeadAction> allowedActions() {
        return stage == null ? Set.of() : Set.copyOf(ALLOWED.get(stage));
    }

    /**
     * Sales accepts the hand-off: SAL, and the first-contact clock starts. A rep accepting a lead that waits in a
     * queue becomes its owner.
     */
    public void accept(Actor by, String claimant, String claimantTeam, HandoffSla sla, Instant now) {
        require(LeadAction.ACCEPT);
        if (handoff.owner().startsWith(RoutingDecision.QUEUE_PREFIX) && claimant != null) {
            handoff = handoff.withOwner(claimant, claimantTeam == null ? handoff.team() : claimantTeam, "claimed", now);
        }
        handoff = handoff.accepted(now, sla.firstContactDueAt(now));
        moveTo(Stage.SAL, now, handoff.definitionVersion(), List.of(), by, null, null);
    }

    /**
     * Sales rejects the lead: it goes back to marketing as RECYCLED with the reason; past the definition's maximum
     * number of recycles it is DISQUALIFIED instead of waiting to qualify again.
     */
    public void reject(Actor by, RejectReason reason, String note, AgreedLeadDefinition definition, Instant now) {
        require(LeadAction.REJECT);
        Objects.requireNonNull(reason, "reason");
        if (reason == RejectReason.OTHER && (note == null || note.isBlank())) {
            throw new IllegalArgumentException("a rejection for OTHER needs a note");
        }
        recycles++;
        recycledAt = now;
        handoff = handoff.ended(now);
        moveTo(Stage.RECYCLED, now, definition.version(), List.of(), by, reason.name(), note);
        if (recycles > definition.recycling().maxRecycles()) {
            moveTo(Stage.DISQUALIFIED, now, definition.version(), List.of(), RECYCLING, "MAX_RECYCLES",
                    "rejected " + recycles + " times; the definition allows " + definition.recycling().maxRecycles()
                            + " recycles");
        }
    }

    /**
     * Sales confirms the qualification checklist: SQL when every required item is answered.
     *
     * @throws ChecklistIncompleteException naming exactly the required items missing
     */
    public void qualify(Actor by, Map<ChecklistItem, String> answers, AgreedLeadDefinition definition, Instant now) {
        require(LeadAction.QUALIFY);
        Map<ChecklistItem, String> given = answers == null ? Map.of() : answers;
        List<ChecklistItem> missing = definition.missingForSql(given);
        if (!missing.isEmpty()) {
            throw new ChecklistIncompleteException(missing);
        }
        List<CriterionResult> criteria = new ArrayList<>();
        Map<ChecklistItem, String> confirmed = new EnumMap<>(ChecklistItem.class);
        for (ChecklistItem item : ChecklistItem.values()) {
            String answer = given.get(item);
            boolean answered = answer != null && !answer.isBlank();
            boolean required = definition.sql().required().contains(item);
            if (answered) {
                confirmed.put(item, answer);
            }
            if (answered || required) {
                criteria.add(new CriterionResult("sql." + item.name(), answered, answered ? answer : null,
                        required ? "required" : "optional"));
            }
        }
        checklist = Map.copyOf(confirmed);
        moveTo(Stage.SQL, now, definition.version(), criteria, by, null, null);
    }

    /** What a won amount must be, as told to the caller. */
    public static final String AMOUNT_RULE =
            "a won deal needs a positive amount below 10^15 with at most 4 decimal places";
    private static final BigDecimal AMOUNT_LIMIT = BigDecimal.TEN.pow(15);

    /**
     * A positive amount a deal can have: below 10^15 and with at most 4 decimal places. Larger or finer values are no
     * deal's amount and could not be stored and read back as a decimal number.
     */
    public static boolean plausibleAmount(BigDecimal amount) {
        return amount != null && amount.signum() > 0 && amount.compareTo(AMOUNT_LIMIT) < 0
                && amount.stripTrailingZeros().scale() <= 4;
    }

    /** The deal is won: WON, with the amount. */
    public void closeWon(Actor by, BigDecimal amount, String currency, Instant now) {
        require(LeadAction.CLOSE_WON);
        if (!plausibleAmount(amount)) {
            throw new IllegalArgumentException(AMOUNT_RULE);
        }
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code such as EUR");
        }
        close(by, Stage.WON, amount, currency, null, now);
    }

    /** The deal is lost: LOST, with the reason. */
    public void closeLost(Actor by, String reason, Instant now) {
        require(LeadAction.CLOSE_LOST);
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a lost deal needs a reason");
        }
        close(by, Stage.LOST, null, null, reason, now);
    }

    /** Sales-ops gives the lead to another owner; the running SLA clock restarts for the new owner. */
    public void reassign(Actor by, String owner, String team, HandoffSla sla, Instant now) {
        require(LeadAction.REASSIGN);
        changeOwner(owner, team, "reassigned-by:" + by.id(), sla, now);
    }

    // ------------------------------------------------------------------ SLA

    /** Which clock runs out at {@link Handoff#nextTimerAt()}: accept before acceptance, first contact after. */
    public Optional<HandoffSlaBreached.Sla> dueClock(Instant now) {
        if (handoff == null || !handoff.isOpen() || handoff.nextTimerAt() == null
                || handoff.nextTimerAt().isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(handoff.acceptedAt() == null ? HandoffSlaBreached.Sla.ACCEPT
                : HandoffSlaBreached.Sla.FIRST_CONTACT);
    }

    /**
     * Records a breached SLA clock and escalates: to another rep, whose clock starts afresh, or to a queue, where no
     * clock runs.
     *
     * @param escalateTo where the lead goes now, or null to leave it with its owner without a clock
     */
    public void breach(RoutingDecision escalateTo, HandoffSla sla, Instant now) {
        HandoffSlaBreached.Sla clock = dueClock(now).orElseThrow(
                () -> new IllegalStateException("no SLA clock has run out for lead " + leadId));
        Instant dueAt = handoff.nextTimerAt();
        emit(new HandoffSlaBreached(EventIds.next(), leadId, now, FunnelEvent.SCHEMA_VERSION,
                LifecycleEvent.PRODUCER, handoff.id(), clock, handoff.owner(), handoff.team(), dueAt,
                escalateTo == null ? null : escalateTo.owner()));
        handoff = handoff.breached(null);
        if (escalateTo != null) {
            changeOwner(escalateTo.owner(), escalateTo.team(), escalateTo.rule(), escalateTo.isQueue() ? null : sla, now);
        }
    }

    // ------------------------------------------------------------------ internals

    private void changeOwner(String owner, String team, String rule, HandoffSla sla, Instant now) {
        handoff = handoff.withOwner(owner, team, rule, now);
        Instant acceptDue = null;
        if (handoff.acceptedAt() == null) {
            acceptDue = sla == null ? null : sla.acceptDueAt(now);
            handoff = handoff.withAcceptDue(acceptDue);
        } else if (handoff.firstContactAt() == null) {
            handoff = handoff.withFirstContactDue(sla == null ? null : sla.firstContactDueAt(now));
        }
        emit(new HandoffAssigned(EventIds.next(), leadId, now, FunnelEvent.SCHEMA_VERSION, LifecycleEvent.PRODUCER,
                handoff.id(), owner, team, rule, acceptDue, handoff.definitionVersion()));
    }

    private void close(Actor by, Stage outcome, BigDecimal amount, String currency, String lossReason, Instant now) {
        String owner = handoff.owner();
        String team = handoff.team();
        handoff = handoff.ended(now);
        moveTo(outcome, now, handoff.definitionVersion(), List.of(), by, lossReason, null);
        emit(new LeadClosed(EventIds.next(), leadId, now, FunnelEvent.SCHEMA_VERSION, LifecycleEvent.PRODUCER,
                outcome, amount, currency, lossReason, owner, team));
    }

    private void require(LeadAction action) {
        if (!allowedActions().contains(action)) {
            throw new IllegalActionException(stage, action, allowedActions());
        }
    }

    private void moveTo(Stage to, Instant at, int definitionVersion, List<CriterionResult> criteria, Actor by,
                        String reasonCode, String reason) {
        Stage from = stage;
        stage = to;
        boolean withOwner = handoff != null && to != Stage.MQL && to != Stage.RECYCLED && to != Stage.DISQUALIFIED;
        emit(new LeadStageChanged(EventIds.next(), leadId, at, FunnelEvent.SCHEMA_VERSION, LifecycleEvent.PRODUCER,
                from, to, definitionVersion, criteria, by, reasonCode, reason,
                withOwner ? handoff.owner() : null, withOwner ? handoff.team() : null));
    }

    private void emit(LifecycleEvent event) {
        pending.add(event);
        history.add(event);
    }

    /** Events produced since this object was loaded, oldest first; the caller stores them in the outbox. */
    public List<LifecycleEvent> pendingEvents() {
        return List.copyOf(pending);
    }

    public String leadId() {
        return leadId;
    }

    public Stage stage() {
        return stage;
    }

    public Handoff handoff() {
        return handoff;
    }

    public int recycles() {
        return recycles;
    }

    public Score score() {
        return score;
    }

    /**
     * The profile the lead is judged on: the newest profile event's, with the newest personal values held, whether
     * they came in an inline profile or on {@code lead.profiles} (by sequence; compaction may keep values newer than
     * the event).
     */
    public LeadProfile profile() {
        if (personalData != null && (personalValues == PersonalValues.ON_PROFILE_TOPIC
                || personalData.sequence() >= profileSequence)) {
            return profile.withPersonalValues(personalData);
        }
        return profile;
    }

    public List<LifecycleEvent> history() {
        return List.copyOf(history);
    }
}
