package io.leadfunnel.handoff;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.leadfunnel.handoff.domain.AgreedLeadDefinition;
import io.leadfunnel.handoff.domain.DefaultDefinition;
import io.leadfunnel.handoff.domain.HandoffSla;
import io.leadfunnel.handoff.domain.Recycling;
import io.leadfunnel.handoff.repository.StoredJson;
import io.leadfunnel.testing.TestTokens;
import io.restassured.http.ContentType;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Writes, approves and activates definition versions through the REST API, as marketing and sales would. */
public final class Definitions {

    public static final String MARKETER = "mia";
    public static final String SELLER = "sam";

    private Definitions() {
    }

    /** The REST body of a definition's content. */
    public static String body(AgreedLeadDefinition definition) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mql", definition.mql());
        body.put("sql", definition.sql());
        body.put("sla", definition.sla());
        body.put("recycling", definition.recycling());
        try {
            return StoredJson.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The default definition's criteria with another SLA and recycling rule. */
    public static AgreedLeadDefinition withSla(HandoffSla sla, Recycling recycling) {
        AgreedLeadDefinition d = DefaultDefinition.content();
        return new AgreedLeadDefinition(0, d.mql(), d.sql(), sla, recycling);
    }

    /** Creates a draft; returns its version. */
    public static int draft(AgreedLeadDefinition definition) {
        return given().auth().oauth2(TestTokens.forRole(MARKETER, "marketing")).contentType(ContentType.JSON)
                .body(body(definition)).post("/definitions").then().statusCode(201).extract().path("version");
    }

    public static void approve(int version, String user, String side, String role) {
        given().auth().oauth2(TestTokens.forRole(user, role)).contentType(ContentType.JSON)
                .body("{\"side\":\"" + side + "\"}").post("/definitions/" + version + "/approvals")
                .then().statusCode(200);
    }

    /** Drafts, has both sides approve and activates; returns the new active version. */
    public static int activate(AgreedLeadDefinition definition) {
        int version = draft(definition);
        approve(version, MARKETER, "MARKETING", "marketing");
        approve(version, SELLER, "SALES", "sales");
        given().auth().oauth2(TestTokens.forRole("ops", "sales-ops")).post("/definitions/" + version + "/activate")
                .then().statusCode(200);
        return version;
    }
}
