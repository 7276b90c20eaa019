package io.leadfunnel.metrics.rest.page;

import io.leadfunnel.metrics.config.PageConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Says at start how the funnel page is reached, and warns when it asks for a login nobody can give. */
@ApplicationScoped
public class PageLoginCheck {

    private static final Logger LOG = Logger.getLogger(PageLoginCheck.class);

    private final PageConfig config;
    private final boolean tenantEnabled;

    public PageLoginCheck(PageConfig config,
                          @ConfigProperty(name = "quarkus.oidc.page.tenant-enabled", defaultValue = "false")
                          boolean tenantEnabled) {
        this.config = config;
        this.tenantEnabled = tenantEnabled;
    }

    void onStart(@Observes StartupEvent start) {
        if (config.access() == PageConfig.Access.ANONYMOUS) {
            LOG.info("funnel page: anonymous (FUNNEL_PAGE_ACCESS=anonymous), conversion counts only");
        } else if (tenantEnabled) {
            LOG.info("funnel page: login through the identity provider (OpenID Connect authorization code flow)");
        } else {
            LOG.warn("funnel page: no identity provider configured (FUNNEL_PAGE_OIDC_AUTH_SERVER_URL), so no browser "
                    + "can log in; the page answers 401 except to bearer tokens of a metrics role");
        }
    }
}
