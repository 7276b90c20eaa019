package io.leadfunnel.metrics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the funnel page at {@code /} ({@code funnel.page.*}). */
@ConfigMapping(prefix = "funnel.page")
public interface PageConfig {

    /**
     * Who sees the page: {@code login} (every figure, after a login through the identity provider, for a user with a
     * metrics role) or {@code anonymous} (anyone, conversion counts only: no revenue, SLA or owner names).
     */
    @WithDefault("login")
    Access access();

    /** How the page is reached. */
    enum Access {
        /** Authorization code flow against the identity provider (tenant {@code quarkus.oidc.page.*}). */
        LOGIN,
        /** No login; an operator's explicit choice, for a wall display that shows conversion counts only. */
        ANONYMOUS
    }
}
