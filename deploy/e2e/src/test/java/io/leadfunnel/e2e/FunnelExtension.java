package io.leadfunnel.e2e;

import io.leadfunnel.testing.FunnelProcesses;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Map;

/**
 * Starts the funnel's processes once for all end-to-end test classes of the run and stops them at the end; test
 * methods and constructors receive {@link FunnelProcesses} as a parameter. Kafka and MongoDB run as two processes so
 * the fault tests can stop each on its own. At the end of the run it writes the fault report.
 */
public class FunnelExtension implements ParameterResolver {

    /**
     * Settings of the end-to-end run: a model re-scoring in small batches with pauses, so that it lasts long enough
     * to kill scoring-service in the middle of it; metrics-service's gauges refreshed every 2 s, so that a test reads
     * them soon after the figures settle.
     */
    static final Map<String, String> SETTINGS = Map.of(
            "funnel.scoring.rescoring.batch-size", "20",
            "funnel.scoring.rescoring.pause-between-batches", "PT0.3S",
            "funnel.metrics.gauge-refresh", "2s");

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FunnelProcesses.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(FunnelProcesses.class.getName(), key -> new Running(
                        FunnelProcesses.startWithSeparateEngines(SETTINGS)),
                        Running.class).funnel;
    }

    /** Closed by JUnit when the run ends. */
    private record Running(FunnelProcesses funnel) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            funnel.close();
            FaultReport.generate();
        }
    }
}
