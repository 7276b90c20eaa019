package io.leadfunnel.lead.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.lead.domain.ProfileField;
import io.leadfunnel.lead.domain.ProfilePatch;
import io.leadfunnel.lead.rest.dto.NewLeadRequest;
import io.leadfunnel.runtime.problem.Problem;
import io.leadfunnel.runtime.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ProfileInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void givenAMergePatch_whenRead_thenValuesSetNullsClearAndAbsentFieldsStayOut() throws Exception {
        ProfilePatch patch = ProfileInput.mergePatch(json(
                "{\"title\": \" VP Sales \", \"industry\": null, \"companySize\": 450, \"source\": \"REFERRAL\"}"));

        assertThat(patch.values()).containsOnlyKeys(ProfileField.TITLE, ProfileField.INDUSTRY,
                ProfileField.COMPANY_SIZE, ProfileField.SOURCE);
        assertThat(patch.get(ProfileField.TITLE)).isEqualTo("VP Sales");
        assertThat(patch.contains(ProfileField.INDUSTRY)).isTrue();
        assertThat(patch.get(ProfileField.INDUSTRY)).isNull();
        assertThat(patch.get(ProfileField.COMPANY_SIZE)).isEqualTo(450);
        assertThat(patch.get(ProfileField.SOURCE)).isEqualTo(LeadSource.REFERRAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"stage", "score", "owner", "team", "stageAt", "id", "createdAt", "updatedAt",
            "externalRefs", "mergedInto", "erased", "timeline"})
    void givenAReadOnlyField_whenPatched_thenItIsRefusedByNameWithTheReason(String field) throws Exception {
        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> ProfileInput.mergePatch(json("{\"" + field + "\": \"x\", \"title\": \"CTO\"}")));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errors()).extracting(Problem.FieldError::field).containsExactly(field);
        assertThat(refused.errors().get(0).detail()).startsWith(field + " is read-only: ");
    }

    @Test
    void givenAStageChange_whenPatched_thenTheProblemSaysItGoesThroughTheLifecycle() throws Exception {
        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> ProfileInput.mergePatch(json("{\"stage\": \"SQL\"}")));

        assertThat(refused.getMessage()).contains("stage changes only through the lifecycle");
    }

    @Test
    void givenSeveralBadFields_whenPatched_thenEachIsNamed() throws Exception {
        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> ProfileInput.mergePatch(json(
                "{\"nickname\": 1, \"email\": \"nope\", \"companySize\": 1.5, \"firstName\": {}, "
                        + "\"source\": \"webinar\", \"origin\": \"PARTNERS\"}")));

        assertThat(refused.errors()).extracting(Problem.FieldError::field)
                .containsExactly("nickname", "email", "companySize", "firstName", "source", "origin");
        assertThat(refused.errors()).extracting(Problem.FieldError::detail).contains(
                "unknown field; a lead has no such profile field", "not an e-mail address",
                "must be a whole number or null", "must be a string or null");
    }

    @Test
    void givenSomethingOtherThanAnObject_whenPatched_thenTheRequestIsMalformed() throws Exception {
        for (String body : new String[]{"[]", "\"text\"", "null"}) {
            ProblemException refused = catchThrowableOfType(ProblemException.class,
                    () -> ProfileInput.mergePatch(json(body)));
            assertThat(refused.kind()).isEqualTo("malformed-request");
        }
        assertThat(catchThrowableOfType(ProblemException.class, () -> ProfileInput.mergePatch(null)).kind())
                .isEqualTo("malformed-request");
    }

    @Test
    void givenANewLead_whenRead_thenBlanksAreLeftOutAndValuesNormalized() {
        NewLeadRequest request = new NewLeadRequest();
        request.email = " Ada@Acme-Robotics.Example ";
        request.firstName = "  ";
        request.country = "germany";
        request.source = LeadSource.OUTBOUND_CALL;

        ProfilePatch patch = ProfileInput.newLead(request);

        assertThat(patch.get(ProfileField.EMAIL)).isEqualTo("ada@acme-robotics.example");
        assertThat(patch.contains(ProfileField.FIRST_NAME)).isFalse();
        assertThat(patch.get(ProfileField.COUNTRY)).isEqualTo("DE");
        assertThat(patch.contains(ProfileField.ORIGIN)).isFalse(); // the domain derives it from the source
    }

    @Test
    void givenANewLeadWithNothingToIdentifyIt_whenRead_thenEmailIsNamed() {
        NewLeadRequest request = new NewLeadRequest();
        request.source = LeadSource.WEB;
        request.origin = LeadOrigin.MARKETING;

        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> ProfileInput.newLead(request));

        assertThat(refused.errors()).extracting(Problem.FieldError::field).containsExactly("email");
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
