package io.leadfunnel.metrics.domain;

import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.Stage;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Everything the metrics need to know about one lead, derived from its events (see {@link LeadRecord}). Holds no
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
 * @param milestones    first entries, reaches and entry counts per stage, derived from the above once, because every
 *                      report asks for them for every lead
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
        boolean erased,
        Milestones milestones) {

    /** The chain conversion is measured along. */
    public static final List<Stage> CHAIN = List.of(Stage.LEAD, Stage.MQL, Stage.SAL, Stage.SQL, Stage.WON);

    private static final Stage[] STAGES = Stage.values();

    public LeadFact {
        entries = List.copyOf(entries);
        handoffs = List.copyOf(handoffs);
        breaches = List.copyOf(breaches);
        if (milestones == null) {
            milestones = Milestones.of(capturedAt, entries);
        }
    }

    /** A fact with its milestones derived from {@code capturedAt} and {@code entries}. */
    public LeadFact(String leadId, Instant capturedAt, LeadSource source, String sourceDetail, String campaign,
                    LeadOrigin origin, Segment segment, String industry, String country, String owner, String team,
                    Integer definitionVersion, Integer scoreTotal, String grade, List<StageEntry> entries,
                    List<Handoff> handoffs, List<SlaBreach> breaches, Closure closure, String mergedInto,
                    boolean erased) {
        this(leadId, capturedAt, source, sourceDetail, campaign, origin, segment, industry, country, owner, team,
                definitionVersion, scoreTotal, grade, entries, handoffs, breaches, closure, mergedInto, erased, null);
    }

    /**
     * What the reports ask of every lead, computed once: the first entry into each stage (LEAD: the capture time
     * unless an entry came earlier), the entries per stage, and when each chain stage was reached.
     */
    public static final class Milestones {

        private final Instant[] first = new Instant[STAGES.length];
        private final int[] count = new int[STAGES.length];
        private final Instant[] reached = new Instant[CHAIN.size()];
        private final Stage furthest;

        private Milestones(Instant capturedAt, List<StageEntry> entries) {
            for (StageEntry e : entries) {
                int i = e.stage().ordinal();
                if (first[i] == null) {
                    first[i] = e.at();
                }
                count[i]++;
            }
            int lead = Stage.LEAD.ordinal();
            if (capturedAt != null && (first[lead] == null || !first[lead].isBefore(capturedAt))) {
                first[lead] = capturedAt;
            }
            Instant earliest = null;
            for (int c = CHAIN.size() - 1; c >= 0; c--) {
                Instant at = first[CHAIN.get(c).ordinal()];
                if (at != null && (earliest == null || at.isBefore(earliest))) {
                    earliest = at;
                }
                reached[c] = earliest;
            }
            if (reached[0] == null && !entries.isEmpty()) {
                // lifecycle events arrived before the capture: the lead exists, its LEAD time is not known yet
                reached[0] = entries.get(0).at();
            }
            Stage far = null;
            for (Stage stage : CHAIN) {
                if (first[stage.ordinal()] != null) {
                    far = stage;
                }
            }
            furthest = far;
        }

        static Milestones of(Instant capturedAt, List<StageEntry> entries) {
            return new Milestones(capturedAt, entries);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Milestones m && Arrays.equals(first, m.first) && Arrays.equals(count, m.count)
                    && Arrays.equals(reached, m.reached);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(first) * 31 + Arrays.hashCode(count);
        }

        @Override
        public String toString() {
            return "Milestones" + Arrays.toString(first);
        }
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
        return Optional.ofNullable(firstEntryOrNull(stage));
    }

    /** {@link #firstEntry} without the wrapper, for loops over every lead. */
    public Instant firstEntryOrNull(Stage stage) {
        return milestones.first[stage.ordinal()];
    }

    /** Number of entries into {@code stage} after the first one. */
    public int reentries(Stage stage) {
        return Math.max(0, milestones.count[stage.ordinal()] - 1);
    }

    /** When the lead reached a chain stage: its first entry into that stage or a later chain stage. */
    public Optional<Instant> reachedAt(Stage stage) {
        return Optional.ofNullable(reachedAtOrNull(stage));
    }

    /** {@link #reachedAt} without the wrapper, for loops over every lead. */
    public Instant reachedAtOrNull(Stage stage) {
        int index = CHAIN.indexOf(stage);
        return index < 0 ? firstEntryOrNull(stage) : milestones.reached[index];
    }

    public boolean reached(Stage stage) {
        return reachedAtOrNull(stage) != null;
    }

    /** The latest stage entry, or LEAD at capture when there is none. */
    public Stage currentStage() {
        return entries.isEmpty() ? Stage.LEAD : entries.get(entries.size() - 1).stage();
    }

    /** When the lead entered its current stage. */
    public Optional<Instant> currentStageSince() {
        return entries.isEmpty() ? Optional.ofNullable(capturedAt) : Optional.of(entries.get(entries.size() - 1).at());
    }

    /** The furthest chain stage the lead entered (LEAD once captured), or null. */
    public Stage furthestChainStage() {
        return milestones.furthest;
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
