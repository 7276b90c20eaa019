package io.leadfunnel.testing.kits;

import io.leadfunnel.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call what, checked against the service's own OpenAPI document: every operation it lists must have a row,
 * every row an operation; each role a row allows must get past security and get a real answer (neither 401 nor 403,
 * nor a server error: a 5xx proves nothing about access), each other role 403 and no token 401. Rows call their
 * operation with a harmless request (an absent id, an incomplete body), so the matrix changes nothing of substance.
 * <pre>
 * AccessMatrix.of(
 *         AccessMatrix.row("GET /models", READ),
 *         AccessMatrix.row("POST /models", Set.of("marketing", "admin")))
 *     .check(openApiUrl);
 * </pre>
 */
public final class AccessMatrix {

    /** The caller without a token. */
    public static final String NO_TOKEN = "no token";
    /** The roles of the funnel (the {@code groups} claim). */
    public static final List<String> ROLES = List.of("marketing", "sales", "sales-ops", "admin", "metrics-reader");
    /** An id nothing has: an allowed caller gets past security and then a 404. */
    public static final String ABSENT_ID = "65f00000000000000000abcd";

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options",
            "trace");

    /**
     * One operation and who may call it.
     *
     * @param operation "METHOD /path" as the OpenAPI document writes it
     * @param allowed   the roles that may call it
     * @param call      sends a harmless request through the given (authenticated or not) request specification
     */
    public record Row(String operation, Set<String> allowed, Function<RequestSpecification, Response> call) {
        @Override
        public String toString() {
            return operation;
        }
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();

    private AccessMatrix(List<Row> rows) {
        for (Row row : rows) {
            if (this.rows.put(row.operation(), row) != null) {
                throw new IllegalArgumentException("two rows for " + row.operation());
            }
        }
    }

    /** A matrix of these rows. */
    public static AccessMatrix of(Row... rows) {
        return new AccessMatrix(List.of(rows));
    }

    /** A row called with the default harmless request: path parameters {@link #ABSENT_ID}, a body of {@code {}}. */
    public static Row row(String operation, Set<String> allowed) {
        return new Row(operation, allowed, request -> defaultCall(operation, request));
    }

    /** A row with its own harmless request. */
    public static Row row(String operation, Set<String> allowed, Function<RequestSpecification, Response> call) {
        return new Row(operation, allowed, call);
    }

    /** The rows, by operation. */
    public Map<String, Row> rows() {
        return Map.copyOf(rows);
    }

    /** Checks the rows against the document at {@code openApi}, then every row against every caller. */
    public void check(URL openApi) {
        assertRowsMatchTheDocument(openApi);
        assertEveryCallerGetsWhatItsRowSays();
    }

    /** Every operation the OpenAPI document lists has a row, and every row an operation. */
    public void assertRowsMatchTheDocument(URL openApi) {
        Map<String, Map<String, Object>> paths = RestAssured.given().queryParam("format", "json").get(openApi)
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        Set<String> operations = new TreeSet<>();
        paths.forEach((path, methods) -> methods.keySet().stream().filter(METHODS::contains)
                .forEach(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        assertThat(operations).as("operations of the OpenAPI document").isNotEmpty();
        assertThat(new TreeSet<>(rows.keySet())).as("rows of the access matrix")
                .containsExactlyInAnyOrderElementsOf(operations);
    }

    /** Each row as no token and as every role: allowed roles get a real answer, the others 403, no token 401. */
    public void assertEveryCallerGetsWhatItsRowSays() {
        List<String> failures = new ArrayList<>();
        for (Row row : rows.values()) {
            for (String caller : callers()) {
                RequestSpecification request = RestAssured.given().redirects().follow(false);
                if (!caller.equals(NO_TOKEN)) {
                    request.auth().oauth2(TestTokens.forRole("matrix-" + caller, caller));
                }
                int status = row.call().apply(request).statusCode();
                String expected = expectation(row, caller);
                if (!meets(status, row, caller)) {
                    failures.add(row.operation() + " as " + caller + ": " + status + " (expected " + expected + ")");
                }
            }
        }
        assertThat(failures).as("callers that did not get what the matrix says").isEmpty();
    }

    /** Whether {@code status} is what {@code caller} should get from {@code row}. Visible for the kit's own test. */
    static boolean meets(int status, Row row, String caller) {
        if (row.allowed().contains(caller)) {
            return status != 401 && status != 403 && status < 500;
        }
        return status == (caller.equals(NO_TOKEN) ? 401 : 403);
    }

    private static String expectation(Row row, String caller) {
        if (row.allowed().contains(caller)) {
            return "an answer past security: not 401, 403 or 5xx";
        }
        return caller.equals(NO_TOKEN) ? "401" : "403";
    }

    private static List<String> callers() {
        List<String> callers = new ArrayList<>();
        callers.add(NO_TOKEN);
        callers.addAll(ROLES);
        return callers;
    }

    private static Response defaultCall(String operation, RequestSpecification request) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1).replaceAll("\\{[^}]+}", ABSENT_ID);
        if (!method.equals("GET") && !method.equals("DELETE")) {
            request.contentType(ContentType.JSON).body("{}");
        }
        return request.request(method, path);
    }
}
