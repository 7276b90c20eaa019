package io.leadfunnel.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MachineTest {

    @Test
    void the_machine_cpu_line_splits_into_busy_idle_and_stolen_time() {
        Machine.CpuTimes before = Machine.CpuTimes.parse("cpu  1000 20 300 5000 100 7 3 40 0 0");
        Machine.CpuTimes after = Machine.CpuTimes.parse("cpu  1150 20 350 5100 100 7 3 60 0 0");

        Machine.CpuTimes step = after.since(before);

        // user 150 + system 50 ticks busy, 100 idle, 20 stolen: 320 ticks in all
        assertEquals(2.0, step.busy(), 1e-9);
        assertEquals(1.0, step.idle(), 1e-9);
        assertEquals(0.2, step.steal(), 1e-9);
        assertEquals(200.0 / 320 * 100, step.busyPercent(), 1e-9);
        assertEquals(20.0 / 320 * 100, step.stealPercent(), 1e-9);
    }

    @Test
    void an_unreadable_line_gives_no_figure() {
        assertTrue(Double.isNaN(Machine.CpuTimes.parse("").busy()));
    }

    @Test
    void this_machine_reports_its_cores_time() {
        Machine.CpuTimes now = Machine.machineCpu();
        assertTrue(now.busy() + now.idle() > 0, () -> "read " + now);
        assertTrue(Machine.ownCpuSeconds() > 0);
    }
}
