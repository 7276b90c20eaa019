package io.leadfunnel.e2e;

import io.leadfunnel.testing.FunnelProcesses;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Map;

/**
 * Starts the funnel's processes once for all end-to-end test classes of the run and stops them at the end; test
 * methods and constructors receive {@link FunnelProcesses} as a parameter.
 */
public class FunnelExtension implements ParameterResolver {

    /** Settings of the end-to-end run: SLA short enough to breach within a test. */
    static final Map<String, String> SETTINGS = Map.of();

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FunnelProcesses.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(FunnelProcesses.class.getName(), key -> new Running(FunnelProcesses.start(SETTINGS)),
                        Running.class).funnel;
    }

    /** Closed by JUnit when the run ends. */
    private record Running(FunnelProcesses funnel) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            funnel.close();
        }
    }
}
