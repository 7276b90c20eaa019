package io.leadfunnel.scoring.rest;

import io.leadfunnel.scoring.service.ModelActivation;

import java.time.Instant;

/**
 * Progress of the re-scoring that follows an activation.
 *
 * @param status    {@code running}, {@code done}, or {@code superseded} (another version was activated meanwhile)
 * @param total     leads to re-score when the activation started
 * @param done      leads re-scored so far
 * @param remaining leads still scored under another version, counted now
 */
public record RescoringView(int version, String status, long total, long done, long remaining, Instant startedAt,
                            Instant finishedAt) {

    static RescoringView of(ModelActivation.Progress p) {
        return new RescoringView(p.version(), p.status(), p.total(), p.done(), p.remaining(), p.startedAt(),
                p.finishedAt());
    }
}
