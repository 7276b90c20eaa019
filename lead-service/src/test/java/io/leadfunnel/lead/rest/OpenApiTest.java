package io.leadfunnel.lead.rest;

import io.leadfunnel.lead.LeadServiceTestProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API description at /q/openapi on the management port: the bearer scheme, and a summary and responses for every
 * operation.
 */
@QuarkusTest
@TestProfile(LeadServiceTestProfile.class)
class OpenApiTest {

    /** Management URLs are relative to the management root path, {@code /q}. */
    @TestHTTPResource(value = "/openapi", management = true)
    URL openApi;

    @TestHTTPResource(value = "/swagger-ui/", management = true)
    URL swaggerUi;

    @Test
    void everySalesOpsOperationIsDescribedAndSecuredWithTheBearerScheme() {
        JsonPath api = RestAssured.given().queryParam("format", "json").get(openApi)
                .then().statusCode(200).extract().jsonPath();

        assertThat(api.getString("components.securitySchemes.bearer.type")).isEqualTo("http");
        assertThat(api.getString("components.securitySchemes.bearer.scheme")).isEqualTo("bearer");
        assertThat(api.getString("components.securitySchemes.bearer.bearerFormat")).isEqualTo("JWT");
        Map<String, Map<String, Object>> paths = api.getMap("paths");
        List<String> operations = List.of("/leads get", "/leads post", "/leads/{id} get", "/leads/{id} patch",
                "/leads/{id} delete", "/leads/{id}/activities post");
        for (String operation : operations) {
            String[] parts = operation.split(" ");
            JsonPath op = JsonPath.from(api.prettify()).setRootPath("paths.'" + parts[0] + "'." + parts[1]);
            assertThat(op.getString("summary")).as(operation).isNotBlank();
            assertThat(op.getMap("responses")).as(operation).containsKeys("401", "403");
            assertThat(op.getList("security.bearer")).as(operation).isNotEmpty();
        }
        assertThat(paths).containsKeys("/leads", "/leads/{id}", "/leads/{id}/activities");
        assertThat(api.getMap("components.schemas.NewLead.properties"))
                .containsKey("email").doesNotContainKeys("stage", "score", "owner");
        assertThat(api.getMap("components.schemas.LeadProfilePatch.properties"))
                .containsKey("email").doesNotContainKeys("stage", "score", "owner");
    }

    @Test
    void swaggerUiIsServed() {
        RestAssured.given().get(swaggerUi).then().statusCode(200);
    }
}
