package io.leadfunnel.scoring;

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
@TestProfile(ScoringTestProfile.class)
class AccessMatrixTest {

    static final Set<String> READ = Set.of("marketing", "admin", "sales", "sales-ops", "metrics-reader");
    static final Set<String> MODEL_WRITE = Set.of("marketing", "admin");

    @TestHTTPResource(value = "/openapi", management = true)
    URL openApi;

    @Test
    void every_documented_operation_has_a_row_and_every_caller_gets_what_the_row_says() {
        AccessMatrix.of(
                row("GET /models", READ),
                row("GET /models/active", READ),
                row("GET /models/{version}", READ),
                row("POST /models", MODEL_WRITE),
                row("POST /models/{version}/preview", MODEL_WRITE),
                row("POST /models/{version}/activate", MODEL_WRITE),
                row("GET /models/{version}/rescoring", READ),
                row("GET /scores/{leadId}", READ),
                // test-only endpoints of SecurityProbeResource: one role, and one without any annotation (denied)
                row("GET /test-only/security-probe/role", Set.of(SecurityProbeResource.ROLE)),
                row("GET /test-only/security-probe/unannotated", Set.of()))
                .check(openApi);
    }
}
