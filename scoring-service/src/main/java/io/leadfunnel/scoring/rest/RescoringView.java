package io.leadfunnel.scoring.rest;

import io.leadfunnel.scoring.service.ModelActivation;

import java.time.Instant;

/**
 * Progress of the re-scoring that follows an activation.
 *
 * @param status    {@code running}, {@code done}, {@code superseded} (another version was activated meanwhile) or
 *                  {@code failed} (stopped by an error that retrying would not cure; {@code POST
 *                  /models/{version}/activate} starts it again)
 * @param total     leads to re-score when this run started
 * @param done      leads re-scored so far in this run
 * @param remaining leads still scored under another version, counted now
 * @param failure   why a {@code failed} re-scoring stopped (no personal data); null otherwise
 */
public record RescoringView(int version, String status, long total, long done, long remaining, Instant startedAt,
                            Instant finishedAt, String failure) {

    static RescoringView of(ModelActivation.Progress p) {
        return new RescoringView(p.version(), p.status(), p.total(), p.done(), p.remaining(), p.startedAt(),
                p.finishedAt(), p.failure());
    }
}
