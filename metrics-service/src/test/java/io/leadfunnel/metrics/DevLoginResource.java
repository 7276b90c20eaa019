package io.leadfunnel.metrics;

import io.leadfunnel.testing.DevLoginProvider;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The local run's development login ({@link DevLoginProvider}) as the funnel page's identity provider. */
public class DevLoginResource implements QuarkusTestResourceLifecycleManager {

    static final String PASSWORD = "password-of-this-test-run";
    static final String CLIENT_SECRET = "client-secret-of-this-test-run-32-characters";

    private DevLoginProvider provider;

    @Override
    public Map<String, String> start() {
        try {
            provider = DevLoginProvider.start(0, DevLoginProvider.DEFAULT_CLIENT_ID, CLIENT_SECRET, PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.oidc.page.auth-server-url", provider.issuer(),
                "quarkus.oidc.page.client-id", DevLoginProvider.DEFAULT_CLIENT_ID,
                "quarkus.oidc.page.credentials.secret", CLIENT_SECRET,
                "dev-login.url", provider.issuer());
    }

    @Override
    public void stop() {
        if (provider != null) {
            provider.close();
        }
    }
}
