package io.leadfunnel.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadfunnel.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of the OpenAPI document against every role and no token: each must have a row in {@link #EXPECTED},
 * and each role the row allows must get past security (neither 401 nor 403, nor a server error), each other role 403
 * and no token 401. Operations are called with harmless inputs (unknown ids, empty bodies) so the matrix changes
 * nothing of substance.
 */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class AccessMatrixTest {

    static final String NO_TOKEN = "no token";
    static final List<String> ROLES = List.of("marketing", "sales", "sales-ops", "admin", "metrics-reader");
    /** Anyone, with or without a token. */
    static final Set<String> PUBLIC = Set.of("*");

    /** Allowed roles of each operation, as the README documents them. */
    static final Set<String> READERS = Set.of("metrics-reader", "marketing", "sales", "sales-ops", "admin");
    static final Map<String, Set<String>> EXPECTED = rows(
            "GET /funnel", READERS,
            "GET /funnel/velocity", READERS,
            "GET /funnel/drop-off", READERS,
            "GET /funnel/sla", READERS,
            "GET /funnel/revenue", READERS,
            "GET /funnel/lift", READERS,
            "GET /admin/rebuild", Set.of("admin"),
            "POST /admin/rebuild", Set.of("admin"),
            // the funnel page: aggregates only, open by an earlier decision (README)
            "GET /", PUBLIC);

    @TestHTTPResource(value = "/openapi", management = true)
    URL openApi;

    @Test
    void every_documented_operation_has_an_expected_row_and_every_role_gets_what_the_row_says() throws Exception {
        JsonNode document = new ObjectMapper().readTree(given().queryParam("format", "json").get(openApi).asString());
        List<String> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase();
                if (Set.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                    operations.add(method + " " + path.getKey());
                }
            }
        }
        assertThat(new TreeSet<>(EXPECTED.keySet())).as("operations without an expected row")
                .containsAll(operations);
        assertThat(operations).as("rows for operations the document does not list").containsAll(EXPECTED.keySet());

        List<String> failures = new ArrayList<>();
        for (String operation : operations) {
            Set<String> allowed = EXPECTED.get(operation);
            for (String role : concat(NO_TOKEN, ROLES)) {
                int status = call(operation, role);
                boolean allow = allowed == PUBLIC || allowed.contains(role);
                int deniedStatus = role.equals(NO_TOKEN) ? 401 : 403;
                boolean ok = allow ? status != 401 && status != 403 && status < 500 : status == deniedStatus;
                if (!ok) {
                    failures.add(operation + " as " + role + ": " + status + " (expected "
                            + (allow ? "allowed" : Integer.toString(deniedStatus)) + ")");
                }
            }
        }
        // the admin's call started a real rebuild: let it finish before other tests look at the figures
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> !"running".equals(
                given().auth().oauth2(TestTokens.forRole("matrix-admin", "admin")).get("/admin/rebuild")
                        .jsonPath().getString("state")));
        assertThat(failures).isEmpty();
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static int call(String operation, String role) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "999999");
        RequestSpecification request = given().redirects().follow(false);
        if (!role.equals(NO_TOKEN)) {
            request.auth().oauth2(TestTokens.forRole("matrix-" + role, role));
        }
        if (!method.equals("GET") && !method.equals("DELETE")) {
            request.contentType(ContentType.JSON).body("{}");
        }
        return request.request(method, path).statusCode();
    }

    private static Map<String, Set<String>> rows(Object... pairs) {
        Map<String, Set<String>> rows = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            Set<String> roles = (Set<String>) pairs[i + 1];
            rows.put((String) pairs[i], roles);
        }
        return rows;
    }
}
