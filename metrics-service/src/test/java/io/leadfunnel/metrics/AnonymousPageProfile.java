package io.leadfunnel.metrics;

import java.util.HashMap;
import java.util.Map;

/** The application of {@link MetricsTestProfile} with the page chosen anonymous ({@code FUNNEL_PAGE_ACCESS=anonymous}). */
public class AnonymousPageProfile extends MetricsTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("funnel.page.access", "anonymous");
        return overrides;
    }
}
