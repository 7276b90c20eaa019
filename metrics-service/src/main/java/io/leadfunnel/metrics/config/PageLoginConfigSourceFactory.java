package io.leadfunnel.metrics.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Switches the funnel page's OIDC tenant ({@code quarkus.oidc.page.*}) on exactly when the page asks for a login
 * ({@code funnel.page.access=login}) and an identity provider is configured. Without one the service still starts
 * (the end-to-end and benchmark runs start it without an identity provider), and the page then lets no browser in:
 * only bearer tokens of a metrics role open it ({@code PageLoginCheck} says so in the log at start).
 * <p>
 * Its ordinal lies between {@code application.properties} (250) and the environment (300), so
 * {@code QUARKUS_OIDC_PAGE_TENANT_ENABLED} still decides when set.
 */
public class PageLoginConfigSourceFactory implements ConfigSourceFactory {

    static final String TENANT_ENABLED = "quarkus.oidc.page.tenant-enabled";
    static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        return List.of(new PropertiesConfigSource(Map.of(TENANT_ENABLED, String.valueOf(loginPossible(
                value(context, "funnel.page.access"), value(context, "quarkus.oidc.page.auth-server-url")))),
                "funnel page login", ORDINAL));
    }

    /** Whether the page's login can work: access {@code login} (the default) and an identity provider's URL. */
    static boolean loginPossible(String access, String authServerUrl) {
        boolean login = access == null || access.isBlank()
                || PageConfig.Access.LOGIN.name().equalsIgnoreCase(access.strip());
        return login && authServerUrl != null && !authServerUrl.isBlank();
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }
}
