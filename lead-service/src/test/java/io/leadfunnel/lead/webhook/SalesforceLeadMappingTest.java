package io.leadfunnel.lead.webhook;

import io.leadfunnel.events.LeadSource;
import io.leadfunnel.lead.domain.ExternalRef;
import io.leadfunnel.lead.domain.ProfileField;
import io.leadfunnel.runtime.problem.Problem;
import io.leadfunnel.runtime.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SalesforceLeadMappingTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void maps_lead_fields_source_and_last_modified_date() {
        Map<String, String> fields = new HashMap<>(Map.of("Id", "00Q5e00000AAAA1AAA", "Email", "Ada@Example.com",
                "FirstName", "Ada", "LastName", "Lovelace", "Company", "Analytical Engines", "Title", "CTO",
                "Country", "United Kingdom", "Industry", "Computing", "NumberOfEmployees", "42", "LeadSource", "Cold Call"));
        fields.put("LastModifiedDate", "2025-02-28T08:15:00.000Z");

        SalesforceLead lead = map(fields).get(0);

        assertThat(lead.notificationId()).isEqualTo("n1");
        assertThat(lead.change().ref()).isEqualTo(ExternalRef.salesforce("00Q5e00000AAAA1AAA"));
        assertThat(lead.change().channel()).isEqualTo("salesforce");
        assertThat(lead.change().occurredAt()).isEqualTo(Instant.parse("2025-02-28T08:15:00Z"));
        assertThat(lead.change().profile().values())
                .containsEntry(ProfileField.EMAIL, "ada@example.com")
                .containsEntry(ProfileField.COUNTRY, "GB")
                .containsEntry(ProfileField.COMPANY_SIZE, 42)
                .containsEntry(ProfileField.SOURCE, LeadSource.OUTBOUND_CALL)
                .containsEntry(ProfileField.SOURCE_DETAIL, "Cold Call");
    }

    @Test
    void without_last_modified_date_the_time_of_receipt_counts() {
        assertThat(map(Map.of("Id", "00Q5e00000AAAA1AAA")).get(0).change().occurredAt()).isEqualTo(NOW);
    }

    @Test
    void an_invalid_value_is_skipped_and_reported_the_rest_is_kept() {
        List<String> skipped = new ArrayList<>();
        SalesforceMessage message = message(Map.of("Id", "00Q5e00000AAAA1AAA", "Email", "nobody", "LastName", "Doe"));
        SalesforceLead lead = SalesforceLeadMapping.map(message, NOW, (field, reason) -> skipped.add(field)).get(0);
        assertThat(skipped).containsExactly("Email");
        assertThat(lead.change().profile().values()).containsOnlyKeys(ProfileField.LAST_NAME);
    }

    @Test
    void nil_values_do_not_clear_what_other_channels_said() {
        Map<String, String> fields = new HashMap<>();
        fields.put("Id", "00Q5e00000AAAA1AAA");
        fields.put("Title", null);
        assertThat(map(fields).get(0).change().profile().isEmpty()).isTrue();
    }

    @Test
    void structural_errors_refuse_the_whole_message() {
        SalesforceMessage message = new SalesforceMessage(WebhookSamples.ORG_ID, List.of(
                new SalesforceMessage.Notification(0, "n1", true, "Lead", Map.of("Id", "00Q5e00000AAAA1AAA")),
                new SalesforceMessage.Notification(1, null, true, "Contact", Map.of()),
                new SalesforceMessage.Notification(2, "n3", true, "Lead",
                        Map.of("Id", "00Q5e00000AAAA3AAA", "LastModifiedDate", "last week"))));
        assertThatThrownBy(() -> SalesforceLeadMapping.map(message, NOW, (f, r) -> { }))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.errors()).extracting(Problem.FieldError::field).containsExactlyInAnyOrder(
                            "Notification[2]/Id", "Notification[2]/sObject", "Notification[2]/sObject/Id",
                            "Notification[3]/sObject/LastModifiedDate");
                });
    }

    private static List<SalesforceLead> map(Map<String, String> fields) {
        return SalesforceLeadMapping.map(message(fields), NOW, (f, r) -> { });
    }

    private static SalesforceMessage message(Map<String, String> fields) {
        return new SalesforceMessage(WebhookSamples.ORG_ID,
                List.of(new SalesforceMessage.Notification(0, "n1", true, "Lead", fields)));
    }
}
