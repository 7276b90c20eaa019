package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.Stage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the metrics need to know about one lead, derived from its events (see {@link LeadHistory}). Holds no
 * personal data: no name, e-mail, company or title.
 *
 * <p>Stage re-entry rule: for conversion, velocity and cohorts a lead counts once per stage, at its <em>first</em>
 * entry ({@link #firstEntry}); every further entry is a re-entry, counted separately ({@link #reentries}). A lead has
 * <em>reached</em> a stage of the chain {@code LEAD → MQL → SAL → SQL → WON} when it entered that stage or any later
 * one (so a sales-sourced lead accepted straight into SAL has passed MQL).
 *
 * @param capturedAt    when the lead was captured (null until its {@code LeadCaptured} arrives)
 * @param source        normalized source, null when unknown
 * @param segment       company-size segment
 * @param owner         latest owner
 * @param definitionVersion latest version of the agreed lead definition a move was judged against
 * @param scoreTotal    latest total score, null when never scored
 * @param entries       every stage entry, oldest first
 * @param closure       the deal's outcome, null while open
 * @param mergedInto    the surviving lead when this one was merged into another; such a lead is left out of metrics
 * @param erased        whether the lead's personal data was erased (its anonymous facts still count)
 */
public record LeadFact(
        String leadId,
        Instant capturedAt,
        LeadSource source,
        String sourceDetail,
        String campaign,
        LeadOrigin origin,
        Segment segment,
        String industry,
        String country,
        String owner,
        String team,
        Integer definitionVersion,
        Integer scoreTotal,
        String grade,
        List<StageEntry> entries,
        List<Handoff> handoffs,
        List<SlaBreach> breaches,
        Closure closure,
        String mergedInto,
        boolean erased) {

    /** The chain conversion is measured along. */
    public static final List<Stage> CHAIN = List.of(Stage.LEAD, Stage.MQL, Stage.SAL, Stage.SQL, Stage.WON);

    public LeadFact {
        entries = List.copyOf(entries);
        handoffs = List.copyOf(handoffs);
        breaches = List.copyOf(breaches);
    }

    public ScoreBand scoreBand() {
        return ScoreBand.of(scoreTotal);
    }

    /** Whether the lead counts in the metrics (it was not merged into another lead). */
    public boolean counts() {
        return mergedInto == null;
    }

    /** Time of the first entry into {@code stage}; LEAD falls back to the capture time. */
    public Optional<Instant> firstEntry(Stage stage) {
        Optional<Instant> first = entries.stream().filter(e -> e.stage() == stage).map(StageEntry::at).findFirst();
        if (stage == Stage.LEAD && capturedAt != null) {
            return Optional.of(first.filter(at -> at.isBefore(capturedAt)).orElse(capturedAt));
        }
        return first;
    }

    /** Number of entries into {@code stage} after the first one. */
    public int reentries(Stage stage) {
        long count = entries.stream().filter(e -> e.stage() == stage).count();
        return (int) Math.max(0, count - 1);
    }

    /** When the lead reached a chain stage: its first entry into that stage or a later chain stage. */
    public Optional<Instant> reachedAt(Stage stage) {
        int index = CHAIN.indexOf(stage);
        if (index < 0) {
            return firstEntry(stage);
        }
        Instant earliest = null;
        for (Stage later : CHAIN.subList(index, CHAIN.size())) {
            Instant at = firstEntry(later).orElse(null);
            if (at != null && (earliest == null || at.isBefore(earliest))) {
                earliest = at;
            }
        }
        if (earliest == null && stage == Stage.LEAD && !entries.isEmpty()) {
            // lifecycle events arrived before the capture: the lead exists, its LEAD time is not known yet
            earliest = entries.get(0).at();
        }
        return Optional.ofNullable(earliest);
    }

    public boolean reached(Stage stage) {
        return reachedAt(stage).isPresent();
    }

    /** The latest stage entry, or LEAD at capture when there is none. */
    public Stage currentStage() {
        return entries.isEmpty() ? Stage.LEAD : entries.get(entries.size() - 1).stage();
    }

    /** When the lead entered its current stage. */
    public Optional<Instant> currentStageSince() {
        return entries.isEmpty() ? Optional.ofNullable(capturedAt) : Optional.of(entries.get(entries.size() - 1).at());
    }

    /** The furthest chain stage the lead reached, or null. */
    public Stage furthestChainStage() {
        Stage furthest = null;
        for (Stage stage : CHAIN) {
            if (firstEntry(stage).isPresent() || (stage == Stage.LEAD && capturedAt != null)) {
                furthest = stage;
            }
        }
        return furthest;
    }

    /** The first move out of MQL/LEAD made after {@code since}: accept, reject, disqualify or a later stage. */
    public Optional<StageEntry> firstActionAfter(Instant since) {
        return entries.stream()
                .filter(e -> !e.at().isBefore(since))
                .filter(e -> e.stage() != Stage.MQL && e.stage() != Stage.LEAD)
                .findFirst();
    }

    /** Time between two stage reaches, if both happened in that order. */
    public Optional<Duration> between(Stage a, Stage b) {
        Optional<Instant> from = firstEntry(a);
        Optional<Instant> to = firstEntry(b);
        if (from.isEmpty() || to.isEmpty() || to.get().isBefore(from.get())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(from.get(), to.get()));
    }
}
