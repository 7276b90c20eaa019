package io.leadfunnel.runtime.schedule;

import com.mongodb.MongoTimeoutException;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class ScheduledPassTest {

    private static final String LOGGER = "io.leadfunnel.runtime.schedule.test";

    /** Held, as the logging framework keeps its loggers only weakly. */
    private final java.util.logging.Logger julLogger = java.util.logging.Logger.getLogger(LOGGER);
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        julLogger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        julLogger.removeHandler(capture);
    }

    @Test
    void an_unreachable_database_is_one_warning_and_one_line_when_it_works_again() {
        ScheduledPass pass = new ScheduledPass("the test pass", Logger.getLogger(LOGGER));

        for (int i = 0; i < 5; i++) {
            assertThatCode(() -> pass.run(() -> {
                throw new MongoTimeoutException("no server selected");
            })).doesNotThrowAnyException();
        }
        assertThat(pass.unreachable()).isTrue();
        pass.run(() -> { });

        assertThat(pass.unreachable()).isFalse();
        assertThat(records).extracting(LogRecord::getLevel).containsExactly(Level.WARNING, Level.INFO);
        assertThat(records.get(0).getThrown()).as("no stack trace for an outage").isNull();
    }

    @Test
    void any_other_failure_is_an_error_with_its_stack_trace_every_time() {
        ScheduledPass pass = new ScheduledPass("the test pass", Logger.getLogger(LOGGER));

        for (int i = 0; i < 2; i++) {
            assertThatCode(() -> pass.run(() -> {
                throw new IllegalStateException("a bug");
            })).doesNotThrowAnyException();
        }

        assertThat(pass.unreachable()).isFalse();
        assertThat(records).extracting(LogRecord::getLevel).containsExactly(Level.SEVERE, Level.SEVERE);
        assertThat(records).allSatisfy(r -> assertThat(r.getThrown()).isInstanceOf(IllegalStateException.class));
    }
}
