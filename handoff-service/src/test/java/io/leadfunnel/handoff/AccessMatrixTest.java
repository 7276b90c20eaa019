package io.leadfunnel.handoff;

import io.leadfunnel.testing.kits.AccessMatrix;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Set;

import static io.leadfunnel.testing.kits.AccessMatrix.row;

/** Who may call what (README, Security), every operation of the OpenAPI document against every role and no token. */
@QuarkusTest
@TestProfile(HandoffTestProfile.class)
class AccessMatrixTest {

    static final Set<String> DEFINITIONS = Set.of("marketing", "sales", "sales-ops", "admin");
    static final Set<String> ACTIONS = Set.of("sales", "sales-ops");
    static final Set<String> QUEUES = Set.of("sales", "sales-ops", "admin");
    static final Set<String> ROUTING = Set.of("sales-ops", "admin");

    @TestHTTPResource(value = "/openapi", management = true)
    URL openApi;

    @Test
    void every_documented_operation_has_a_row_and_every_caller_gets_what_the_row_says() {
        AccessMatrix.of(
                row("GET /definitions", DEFINITIONS),
                row("POST /definitions", DEFINITIONS),
                row("GET /definitions/active", DEFINITIONS),
                row("GET /definitions/{version}", DEFINITIONS),
                row("PUT /definitions/{version}", DEFINITIONS),
                row("POST /definitions/{version}/approvals", Set.of("marketing", "sales")),
                row("POST /definitions/{version}/activate", DEFINITIONS),
                row("GET /definitions/{a}/diff/{b}", DEFINITIONS),
                row("GET /leads/{id}/lifecycle", DEFINITIONS),
                row("POST /leads/{id}/accept", ACTIONS),
                row("POST /leads/{id}/reject", ACTIONS),
                row("POST /leads/{id}/qualify", ACTIONS),
                row("POST /leads/{id}/close", ACTIONS),
                row("POST /leads/{id}/reassign", Set.of("sales-ops")),
                row("GET /handoffs", QUEUES),
                row("GET /handoffs/overdue", QUEUES),
                row("GET /routing", ROUTING),
                row("PUT /routing", ROUTING),
                row("GET /reps", ROUTING),
                row("PUT /reps/{id}", ROUTING),
                row("DELETE /reps/{id}", ROUTING),
                // test-only endpoints of SecurityProbeResource: one role, and one without any annotation (denied)
                row("GET /test-only/security-probe/role", Set.of(SecurityProbeResource.ROLE)),
                row("GET /test-only/security-probe/unannotated", Set.of()))
                .check(openApi);
    }
}
