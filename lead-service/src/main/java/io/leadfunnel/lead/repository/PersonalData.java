package io.leadfunnel.lead.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Removes personal data from stored copies of a lead outside the lead document: events still waiting in the outbox
 * (contract JSON) and stored API answers. The anonymous funnel facts (country, industry, size, source, campaign,
 * origin) stay, as they do on the erased lead.
 */
public final class PersonalData {

    /** Profile fields that identify a person. */
    public static final List<String> PERSONAL_FIELDS = List.of("email", "firstName", "lastName", "company",
            "companyDomain", "title");
    private static final ObjectMapper JSON = new ObjectMapper();

    private PersonalData() {
    }

    /**
     * The event or answer without personal data: personal profile fields (at the top level or in a {@code profile}
     * object) set to null, external references and activity details emptied. Text that is not a JSON object is
     * returned as {@code {}}: nothing of it can be kept safely.
     */
    public static String scrub(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return "{}";
        }
        if (root == null || !root.isObject()) {
            return "{}";
        }
        ObjectNode object = (ObjectNode) root;
        clear(object);
        if (object.get("profile") instanceof ObjectNode profile) {
            clear(profile);
        }
        if (object.has("externalRefs")) {
            object.set("externalRefs", object.get("externalRefs").isArray() ? JSON.createArrayNode()
                    : JSON.createObjectNode());
        }
        if (object.has("detail")) {
            object.set("detail", JSON.createObjectNode());
        }
        return object.toString();
    }

    private static void clear(ObjectNode object) {
        for (String field : PERSONAL_FIELDS) {
            if (object.has(field)) {
                object.putNull(field);
            }
        }
        if (object.has("searchText")) {
            object.putNull("searchText");
        }
    }
}
