package io.leadfunnel.runtime.schedule;

import io.leadfunnel.runtime.store.Failures;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one pass of a scheduled job so that an unreachable database is one line in the log, not a stack trace every
 * few seconds: the first pass that fails on a transient failure ({@link Failures#isTransient}) logs a warning, later
 * ones log at debug level, and the first pass that works again says so. Any other failure is logged as an error with
 * its stack trace every time. Either way the failure goes no further: the scheduler runs the next pass as planned, and
 * that pass is the retry.
 */
public final class ScheduledPass {

    private final String name;
    private final Logger log;
    private final AtomicBoolean unreachable = new AtomicBoolean();

    /**
     * @param name what a pass does, for the log ("the SLA timer pass")
     * @param log  the job's logger
     */
    public ScheduledPass(String name, Logger log) {
        this.name = name;
        this.log = log;
    }

    /** Runs the pass, logging its failure as described above. */
    public void run(Runnable pass) {
        try {
            pass.run();
            if (unreachable.compareAndSet(true, false)) {
                log.infof("%s works again", name);
            }
        } catch (RuntimeException e) {
            if (!Failures.isTransient(e)) {
                log.errorf(e, "%s failed; the next pass tries again", name);
            } else if (unreachable.compareAndSet(false, true)) {
                log.warnf("%s stopped on a transient failure (%s: the database unreachable or contended); later"
                        + " passes retry, and the log says when one works again", name, e.getClass().getSimpleName());
            } else {
                log.debugf("%s stopped on a transient failure again (%s)", name, e.getClass().getSimpleName());
            }
        }
    }

    /** Whether the last pass failed on a transient failure. */
    public boolean unreachable() {
        return unreachable.get();
    }
}
