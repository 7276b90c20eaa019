package io.leadfunnel.lead.rest;

import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.quarkus.test.common.http.TestHTTPResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.leadfunnel.lead.rest.Api.PROBLEM_JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;

/**
 * Every endpoint against every role, no token and every kind of bad token: the matrix of who may do what, and the
 * problem responses for those who may not. The matrix must have a row for every operation the OpenAPI document lists;
 * webhooks are signature-only, so a token alone never passes them.
 */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class LeadApiSecurityTest {

    /** An id no lead has: allowed callers get past security and then a 404, which tells them apart. */
    private static final String ABSENT = "65f00000000000000000abcd";
    private static final Set<String> READ_WRITE = Set.of(Roles.SALES_OPS, Roles.SALES, Roles.MARKETING, Roles.ADMIN);
    private static final Set<String> ERASE = Set.of(Roles.SALES_OPS, Roles.ADMIN);
    private static final List<String> ROLES = List.of(Roles.SALES_OPS, Roles.SALES, Roles.MARKETING, Roles.ADMIN,
            Roles.METRICS_READER);

    /** One endpoint, called with a harmless request. */
    record Endpoint(String name, Set<String> allowed, Function<RequestSpecification, Response> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("POST /leads", READ_WRITE, r -> r.contentType(ContentType.JSON)
                        .body("{\"source\": \"WEB\"}").post("/leads")),
                new Endpoint("GET /leads", READ_WRITE, r -> r.get("/leads?limit=1")),
                new Endpoint("GET /leads/{id}", READ_WRITE, r -> r.get("/leads/" + ABSENT)),
                new Endpoint("PATCH /leads/{id}", READ_WRITE, r -> r.contentType("application/merge-patch+json")
                        .body("{\"title\": \"CTO\"}").patch("/leads/" + ABSENT)),
                new Endpoint("POST /leads/{id}/activities", READ_WRITE, r -> r.contentType(ContentType.JSON)
                        .body("{\"type\": \"CALL\", \"occurredAt\": \"2026-03-04T08:00:00Z\"}")
                        .post("/leads/" + ABSENT + "/activities")),
                new Endpoint("DELETE /leads/{id}", ERASE, r -> r.delete("/leads/" + ABSENT)));
    }

    /**
     * The webhooks: authenticated by the sender's signature (or, for Salesforce, the organization allow-list), never
     * by a token. Each is called with a bearer token and no signature, from an unknown organization.
     */
    static List<Endpoint> webhookEndpoints() {
        return List.of(
                new Endpoint("POST /webhooks/hubspot", Set.of(), r -> r.contentType(ContentType.JSON)
                        .body("[]").post("/webhooks/hubspot")),
                new Endpoint("POST /webhooks/salesforce", Set.of(), r -> r.contentType("text/xml")
                        .body(UNKNOWN_ORG_MESSAGE).post("/webhooks/salesforce")),
                new Endpoint("POST /webhooks/{source}", Set.of(), r -> r.contentType(ContentType.JSON)
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

    /** The expected answer of every operation the OpenAPI document lists, keyed "METHOD path". */
    static Map<String, Endpoint> matrix() {
        Map<String, Endpoint> rows = new TreeMap<>();
        for (Endpoint endpoint : endpoints()) {
            rows.put(endpoint.name(), endpoint);
        }
        for (Endpoint endpoint : webhookEndpoints()) {
            rows.put(endpoint.name(), endpoint);
        }
        return rows;
    }

    @TestHTTPResource(value = "/openapi", management = true)
    URL openApi;

    @Test
    void theMatrixHasARowForEveryOperationOfTheOpenApiDocumentAndNoOther() {
        Map<String, Map<String, Object>> paths = RestAssured.given().queryParam("format", "json").get(openApi)
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        Set<String> operations = new TreeSet<>();
        paths.forEach((path, methods) -> methods.keySet().stream()
                .filter(m -> Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace").contains(m))
                .forEach(m -> operations.add(m.toUpperCase(Locale.ROOT) + " " + path)));
        assertThat(operations).as("operations of /q/openapi").isNotEmpty();
        assertThat(matrix().keySet()).as("rows of the access matrix").containsExactlyInAnyOrderElementsOf(operations);
    }

    static Stream<Arguments> webhookByCaller() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : webhookEndpoints()) {
            cases.add(Arguments.of(endpoint, "no token"));
            for (String role : ROLES) {
                cases.add(Arguments.of(endpoint, role));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} with {1} and no signature is refused")
    @MethodSource("webhookByCaller")
    void aTokenAloneDoesNotPassAWebhook(Endpoint endpoint, String caller) {
        RequestSpecification request = caller.equals("no token") ? RestAssured.given() : Api.as(caller);
        endpoint.call().apply(request)
                .then().statusCode(oneOf(401, 403))
                .contentType(PROBLEM_JSON);
    }

    static Stream<Arguments> endpointByRole() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (String role : ROLES) {
                cases.add(Arguments.of(endpoint, role));
            }
        }
        return cases.stream();
    }

    static Stream<Arguments> endpointByBadToken() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            cases.add(Arguments.of(endpoint, "expired", TestTokens.expired("ada", Roles.ADMIN)));
            cases.add(Arguments.of(endpoint, "signed by another key", TestTokens.signedByOtherKey("ada", Roles.ADMIN)));
            cases.add(Arguments.of(endpoint, "unknown issuer",
                    TestTokens.withIssuer("https://evil.example/issuer", "ada", Roles.ADMIN)));
            cases.add(Arguments.of(endpoint, "not a JWT", "not-a-jwt"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} without a token is 401")
    @MethodSource("endpoints")
    void everyEndpointRefusesAMissingToken(Endpoint endpoint) {
        endpoint.call().apply(RestAssured.given())
                .then().statusCode(401)
                .contentType(PROBLEM_JSON)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("https://leadfunnel.io/problems/unauthenticated"))
                .body("status", equalTo(401));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("endpointByRole")
    void everyEndpointAllowsExactlyItsRoles(Endpoint endpoint, String role) {
        Response response = endpoint.call().apply(Api.as(role));
        if (endpoint.allowed().contains(role)) {
            // past security: the absent lead or the incomplete body decide the answer
            response.then().statusCode(not(oneOf(401, 403)));
        } else {
            response.then().statusCode(403)
                    .contentType(PROBLEM_JSON)
                    .body("type", equalTo("https://leadfunnel.io/problems/forbidden"));
        }
    }

    @ParameterizedTest(name = "{0} with a token {1} is 401")
    @MethodSource("endpointByBadToken")
    void everyEndpointRefusesBadTokens(Endpoint endpoint, String why, String token) {
        endpoint.call().apply(RestAssured.given().header("Authorization", "Bearer " + token))
                .then().statusCode(401)
                .contentType(PROBLEM_JSON)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("https://leadfunnel.io/problems/unauthenticated"));
    }
}
