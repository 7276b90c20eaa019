package io.leadfunnel.scoring.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** scoring-service settings, under {@code funnel.scoring}. */
@ConfigMapping(prefix = "funnel.scoring")
public interface ScoringConfig {

    /** Re-evaluation of leads whose score decays. */
    Decay decay();

    /** Re-scoring of every lead after a model is activated. */
    Rescoring rescoring();

    /** Preview of a draft model. */
    Preview preview();

    /** Quick retries of a write that lost an optimistic-concurrency race before the consumer backs off. */
    @WithDefault("20")
    int maxWriteAttempts();

    interface Decay {
        /** How often the scheduler looks for leads whose next evaluation time has passed. */
        @WithDefault("60s")
        String interval();

        /** Leads re-evaluated per batch. */
        @WithDefault("500")
        int batchSize();

        /** Most batches per scheduler run, so one run stays short; the rest waits for the next run. */
        @WithDefault("20")
        int maxBatchesPerRun();

        /**
         * Engagement points decay must remove before a lead is re-evaluated (1: every change of the rounded
         * engagement). Crossings of the MQL threshold and grade changes are always caught exactly.
         */
        @WithDefault("1")
        int engagementStep();

        /**
         * How often the pass reads every stored next evaluation time again (a scan of the scores), besides at start:
         * how late a time that another instance stored, or that a write left unknown here, is seen. Between sweeps the
         * pass finds due leads in memory ({@code DueTimeIndex}).
         */
        @WithDefault("5m")
        Duration sweepInterval();

        /**
         * Most next evaluation times held in memory (about 200 bytes each). With more stored, the pass queries the
         * store for the due leads on every run, as without the index.
         */
        @WithDefault("50000")
        int dueInMemory();
    }

    interface Rescoring {
        /** Leads re-scored per batch after an activation. */
        @WithDefault("500")
        int batchSize();

        /** Pause between two batches, to leave the database room for event consumption (0: none). */
        @WithDefault("PT0S")
        Duration pauseBetweenBatches();
    }

    interface Preview {
        /** Leads scored per batch while previewing. */
        @WithDefault("1000")
        int batchSize();

        /** Most lead ids listed per threshold-crossing direction in a preview. */
        @WithDefault("20")
        int sampleSize();
    }
}
