package io.leadfunnel.lead.security;

import io.leadfunnel.lead.LeadServiceTestProfile;
import io.leadfunnel.lead.rest.Roles;
import io.leadfunnel.testing.kits.HttpHardening;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** CORS is closed: no answer, preflight or not, lets a page of another origin read it. */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class CorsTest {

    private static final String ORIGIN = "https://evil.example";

    @Test
    void theApiGivesAnotherOriginNoAccessControlAllowOrigin() {
        HttpHardening.assertCorsClosed(Roles.SALES_OPS, "/leads", "POST");
        HttpHardening.assertCorsClosed(Roles.SALES_OPS, "/leads/65f00000000000000000abcd", "PATCH");
    }

    @Test
    void noEndpointAllowsAnotherOrigin() {
        for (String path : List.of("/leads", "/leads/65f00000000000000000abcd", "/webhooks/hubspot",
                "/webhooks/salesforce", "/webhooks/" + LeadServiceTestProfile.SOURCE)) {
            Response preflight = RestAssured.given().header("Origin", ORIGIN)
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "Authorization, Content-Type")
                    .options(path);
            assertThat(preflight.statusCode()).as(path).isLessThan(500);
            assertThat(preflight.headers().asList()).as(path)
                    .noneMatch(h -> h.getName().toLowerCase().startsWith("access-control-allow"));
            Response simple = RestAssured.given().header("Origin", ORIGIN).get(path);
            assertThat(simple.headers().asList()).as(path)
                    .noneMatch(h -> h.getName().toLowerCase().startsWith("access-control-allow"));
        }
    }
}
