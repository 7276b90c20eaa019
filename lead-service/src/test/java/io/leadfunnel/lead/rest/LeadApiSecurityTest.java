package io.leadfunnel.lead.rest;

import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.testing.TestTokens;
import io.leadfunnel.testing.kits.AccessMatrix;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.quarkus.test.common.http.TestHTTPResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static io.leadfunnel.lead.rest.Api.PROBLEM_JSON;
import static io.leadfunnel.testing.kits.AccessMatrix.row;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;

/**
 * Every endpoint against every role, no token and every kind of bad token: the matrix of who may do what (an allowed
 * role gets a real answer, neither refused nor a server error), and the problem responses for those who may not. The
 * matrix must have a row for every operation the OpenAPI document lists; webhooks are signature-only, so a token alone
 * never passes them.
 */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class LeadApiSecurityTest {

    private static final String ABSENT = AccessMatrix.ABSENT_ID;
    private static final Set<String> READ_WRITE = Set.of(Roles.SALES_OPS, Roles.SALES, Roles.MARKETING, Roles.ADMIN);
    private static final Set<String> ERASE = Set.of(Roles.SALES_OPS, Roles.ADMIN);

    /** The token-secured operations, each called with a harmless request. */
    static List<AccessMatrix.Row> endpoints() {
        return List.of(
                row("POST /leads", READ_WRITE, r -> r.contentType(ContentType.JSON)
                        .body("{\"source\": \"WEB\"}").post("/leads")),
                row("GET /leads", READ_WRITE, r -> r.get("/leads?limit=1")),
                row("GET /leads/{id}", READ_WRITE, r -> r.get("/leads/" + ABSENT)),
                row("PATCH /leads/{id}", READ_WRITE, r -> r.contentType("application/merge-patch+json")
                        .body("{\"title\": \"CTO\"}").patch("/leads/" + ABSENT)),
                row("POST /leads/{id}/activities", READ_WRITE, r -> r.contentType(ContentType.JSON)
                        .body("{\"type\": \"CALL\", \"occurredAt\": \"2026-03-04T08:00:00Z\"}")
                        .post("/leads/" + ABSENT + "/activities")),
                row("DELETE /leads/{id}", ERASE, r -> r.delete("/leads/" + ABSENT)));
    }

    /**
     * The webhooks: authenticated by the sender's signature (for Salesforce, the endpoint URL's token and the
     * organization allow-list), never by a bearer token. Each is called with a bearer token and no signature (no URL
     * token, an unknown organization).
     */
    static List<AccessMatrix.Row> webhookEndpoints() {
        return List.of(
                row("POST /webhooks/hubspot", Set.of(), r -> r.contentType(ContentType.JSON)
                        .body("[]").post("/webhooks/hubspot")),
                row("POST /webhooks/salesforce", Set.of(), r -> r.contentType("text/xml")
                        .body(UNKNOWN_ORG_MESSAGE).post("/webhooks/salesforce")),
                row("POST /webhooks/{source}", Set.of(), r -> r.contentType(ContentType.JSON)
                        .body("{\"email\": \"token-only@acme.example\"}")
                        .post("/webhooks/" + LeadServiceTestProfile.SOURCE)));
    }

    private static final String UNKNOWN_ORG_MESSAGE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
             <soapenv:Body>
              <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
               <OrganizationId>00D000000000EvilAA</OrganizationId>
               <Notification><Id>04l000000000001AAA</Id>
                <sObject xmlns:sf="urn:sobject.enterprise.soap.sforce.com"><sf:Id>00Q000000000001AAA</sf:Id>
                 <sf:Email>token-only@acme.example</sf:Email></sObject></Notification>
              </notifications>
             </soapenv:Body>
            </soapenv:Envelope>
            """;

    /** Every operation the OpenAPI document lists: the API's and the webhooks'. */
    static AccessMatrix matrix() {
        List<AccessMatrix.Row> rows = new ArrayList<>(endpoints());
        rows.addAll(webhookEndpoints());
        return AccessMatrix.of(rows.toArray(AccessMatrix.Row[]::new));
    }

    @TestHTTPResource(value = "/openapi", management = true)
    URL openApi;

    @Test
    void theMatrixHasARowForEveryOperationOfTheOpenApiDocumentAndNoOther() {
        matrix().assertRowsMatchTheDocument(openApi);
    }

    /** The token-secured rows only: webhooks refuse by their own checks, with 401 or 403 (see below). */
    @Test
    void everyRoleGetsPastSecurityWhereItIsAllowedAndIsForbiddenElsewhere() {
        AccessMatrix.of(endpoints().toArray(AccessMatrix.Row[]::new)).assertEveryCallerGetsWhatItsRowSays();
    }

    static Stream<Arguments> webhookByCaller() {
        List<Arguments> cases = new ArrayList<>();
        for (AccessMatrix.Row endpoint : webhookEndpoints()) {
            cases.add(Arguments.of(endpoint, AccessMatrix.NO_TOKEN));
            for (String role : AccessMatrix.ROLES) {
                cases.add(Arguments.of(endpoint, role));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} with {1} and no signature is refused")
    @MethodSource("webhookByCaller")
    void aTokenAloneDoesNotPassAWebhook(AccessMatrix.Row endpoint, String caller) {
        RequestSpecification request = caller.equals(AccessMatrix.NO_TOKEN) ? RestAssured.given() : Api.as(caller);
        endpoint.call().apply(request)
                .then().statusCode(oneOf(401, 403))
                .contentType(PROBLEM_JSON);
    }

    static Stream<Arguments> endpointByForbiddenRole() {
        List<Arguments> cases = new ArrayList<>();
        for (AccessMatrix.Row endpoint : endpoints()) {
            for (String role : AccessMatrix.ROLES) {
                if (!endpoint.allowed().contains(role)) {
                    cases.add(Arguments.of(endpoint, role));
                }
            }
        }
        return cases.stream();
    }

    static Stream<Arguments> endpointByBadToken() {
        List<Arguments> cases = new ArrayList<>();
        for (AccessMatrix.Row endpoint : endpoints()) {
            cases.add(Arguments.of(endpoint, "expired", TestTokens.expired("ada", Roles.ADMIN)));
            cases.add(Arguments.of(endpoint, "signed by another key", TestTokens.signedByOtherKey("ada", Roles.ADMIN)));
            cases.add(Arguments.of(endpoint, "unknown issuer",
                    TestTokens.withIssuer("https://evil.example/issuer", "ada", Roles.ADMIN)));
            cases.add(Arguments.of(endpoint, "issued for another application",
                    TestTokens.withAudience("another-app", "ada", Roles.ADMIN)));
            cases.add(Arguments.of(endpoint, "not a JWT", "not-a-jwt"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} without a token is 401")
    @MethodSource("endpoints")
    void everyEndpointRefusesAMissingToken(AccessMatrix.Row endpoint) {
        endpoint.call().apply(RestAssured.given())
                .then().statusCode(401)
                .contentType(PROBLEM_JSON)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("https://leadfunnel.io/problems/unauthenticated"))
                .body("status", equalTo(401));
    }

    @ParameterizedTest(name = "{0} as {1} is 403")
    @MethodSource("endpointByForbiddenRole")
    void aRoleAnEndpointDoesNotAllowGetsTheForbiddenProblem(AccessMatrix.Row endpoint, String role) {
        endpoint.call().apply(Api.as(role))
                .then().statusCode(403)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://leadfunnel.io/problems/forbidden"));
    }

    @ParameterizedTest(name = "{0} with a token {1} is 401")
    @MethodSource("endpointByBadToken")
    void everyEndpointRefusesBadTokens(AccessMatrix.Row endpoint, String why, String token) {
        endpoint.call().apply(RestAssured.given().header("Authorization", "Bearer " + token))
                .then().statusCode(401)
                .contentType(PROBLEM_JSON)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("https://leadfunnel.io/problems/unauthenticated"));
    }

    @Test
    void aTokenIssuedForAnotherApplicationIsRefusedAndTheSameTokenForTheFunnelIsServed() {
        RestAssured.given().header("Authorization",
                        TestTokens.bearer(TestTokens.withAudience("another-app", "ada", Roles.SALES_OPS)))
                .get("/leads?limit=1")
                .then().statusCode(401)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://leadfunnel.io/problems/unauthenticated"));
        RestAssured.given().header("Authorization",
                        TestTokens.bearer(TestTokens.withAudience(TestTokens.AUDIENCE, "ada", Roles.SALES_OPS)))
                .get("/leads?limit=1")
                .then().statusCode(200);
    }
}
