package io.leadfunnel.lead.webhook;

import java.util.List;

/**
 * The allow-list of Salesforce orgs. Org ids come as 15-character case-sensitive ids or their 18-character form
 * (the same id plus a case-insensitive checksum); the first 15 characters decide, compared case-sensitively.
 */
final class SalesforceOrganizations {

    private SalesforceOrganizations() {
    }

    static boolean allowed(List<String> configured, String organizationId) {
        String key = key(organizationId);
        return key != null && configured.stream().map(SalesforceOrganizations::key).anyMatch(key::equals);
    }

    /** The 15-character id, or null for something that is no Salesforce id. */
    static String key(String id) {
        if (id == null) {
            return null;
        }
        String trimmed = id.trim();
        if ((trimmed.length() != 15 && trimmed.length() != 18) || !trimmed.chars().allMatch(c -> c < 128
                && Character.isLetterOrDigit(c))) {
            return null;
        }
        return trimmed.substring(0, 15);
    }
}
