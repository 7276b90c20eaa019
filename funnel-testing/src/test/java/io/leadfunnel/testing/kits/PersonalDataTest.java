package io.leadfunnel.testing.kits;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersonalDataTest {

    private static final Logger LOG = Logger.getLogger(PersonalDataTest.class.getName());

    @Test
    void the_log_capture_sees_the_values_of_a_printf_style_record() {
        try (PersonalData.LogCapture capture = PersonalData.LogCapture.start()) {
            ExtLogRecord record = new ExtLogRecord(Level.WARNING, "could not store %s",
                    ExtLogRecord.FormatStyle.PRINTF, PersonalDataTest.class.getName());
            record.setParameters(new Object[] {PersonalData.EMAIL});
            LOG.log(record);

            assertThat(capture.lines()).anyMatch(line -> line.contains("could not store " + PersonalData.EMAIL));
            assertThatThrownBy(() -> capture.assertNoMarker(PersonalData.LOGGED_MARKERS))
                    .isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void the_log_capture_sees_message_format_parameters_and_stack_traces() {
        try (PersonalData.LogCapture capture = PersonalData.LogCapture.start()) {
            LOG.log(Level.INFO, "lead {0}", PersonalData.FIRST);
            LOG.log(Level.SEVERE, "write failed", new IllegalStateException("duplicate " + PersonalData.LAST));

            assertThat(String.join("\n", capture.lines())).contains("lead " + PersonalData.FIRST)
                    .contains("duplicate " + PersonalData.LAST);
        }
    }

    @Test
    void the_log_capture_ignores_lines_below_info_and_stops_when_closed() {
        PersonalData.LogCapture capture = PersonalData.LogCapture.start();
        LOG.log(new LogRecord(Level.FINE, "debug " + PersonalData.EMAIL));
        capture.close();
        LOG.log(Level.WARNING, "after " + PersonalData.EMAIL);

        capture.assertNoMarker(List.of(PersonalData.EMAIL));
    }
}
