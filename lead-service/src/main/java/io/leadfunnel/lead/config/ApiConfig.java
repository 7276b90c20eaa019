package io.leadfunnel.lead.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Sales-ops REST API settings, under {@code funnel.api}. */
@ConfigMapping(prefix = "funnel.api")
public interface ApiConfig {

    /** Largest request body the sales-ops API accepts, in bytes; larger ones get a 413 problem. */
    @WithDefault("1048576")
    int maxBodyBytes();

    /** Leads per page of {@code GET /leads} when the request does not say. */
    @WithDefault("50")
    int defaultPageSize();

    /** Most leads per page of {@code GET /leads}; a larger {@code limit} is refused. */
    @WithDefault("200")
    int maxPageSize();
}
