package io.leadfunnel.lead.webhook;

import io.leadfunnel.events.ActivityType;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.lead.domain.ExternalRef;
import io.leadfunnel.lead.domain.IncomingActivity;
import io.leadfunnel.lead.domain.ProfileField;
import io.leadfunnel.lead.service.LeadChange;
import io.leadfunnel.runtime.problem.Problem;
import io.leadfunnel.runtime.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GenericLeadParserTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void reads_every_documented_field() {
        List<GenericLead> leads = parse("""
                {"eventId":"evt-1","externalId":"c-42","occurredAt":"2025-03-01T10:00:00+01:00",
                 "email":"Grace@Navy.mil","firstName":"Grace","lastName":"Hopper","company":"US Navy",
                 "companyDomain":"navy.mil","title":"Rear Admiral","country":"United States","industry":"Defense",
                 "companySize":"10,000","source":"Trade show","campaign":"cobol-2025","origin":"sales",
                 "activities":[{"activityId":"a-1","type":"demo-requested","occurredAt":"2025-03-01T09:00:00Z",
                                "campaign":"cobol-2025","detail":{"page":"/demo"}}]}""");

        GenericLead lead = leads.get(0);
        LeadChange change = lead.change();
        assertThat(lead.eventId()).isEqualTo("evt-1");
        assertThat(change.channel()).isEqualTo("webhook:events");
        assertThat(change.ref()).isEqualTo(ExternalRef.generic("events", "c-42"));
        assertThat(change.occurredAt()).isEqualTo(Instant.parse("2025-03-01T09:00:00Z"));
        assertThat(change.profile().get(ProfileField.EMAIL)).isEqualTo("grace@navy.mil");
        assertThat(change.profile().get(ProfileField.COUNTRY)).isEqualTo("US");
        assertThat(change.profile().get(ProfileField.COMPANY_SIZE)).isEqualTo(10_000);
        assertThat(change.profile().get(ProfileField.SOURCE)).isEqualTo(LeadSource.TRADE_SHOW);
        assertThat(change.profile().get(ProfileField.SOURCE_DETAIL)).isEqualTo("Trade show");
        assertThat(change.profile().get(ProfileField.ORIGIN)).isEqualTo(LeadOrigin.SALES);
        assertThat(change.activities()).singleElement().satisfies(a -> {
            assertThat(a.activityId()).isEqualTo("a-1");
            assertThat(a.type()).isEqualTo(ActivityType.DEMO_REQUESTED);
            assertThat(a.detail()).containsEntry("page", "/demo");
        });
    }

    @Test
    void defaults_occurred_at_to_receipt_and_leaves_the_reference_out_without_external_id() {
        LeadChange change = parse("{\"email\":\"a@b.io\"}").get(0).change();
        assertThat(change.occurredAt()).isEqualTo(NOW);
        assertThat(change.ref()).isNull();
    }

    @Test
    void null_clears_a_field_and_absent_leaves_it_alone() {
        LeadChange change = parse("{\"externalId\":7,\"title\":null}").get(0).change();
        assertThat(change.profile().values()).containsOnlyKeys(ProfileField.TITLE);
        assertThat(change.profile().get(ProfileField.TITLE)).isNull();
    }

    @Test
    void activity_types_are_read_in_any_case_and_with_dashes_or_spaces() {
        List<IncomingActivity> activities = parse("""
                {"email":"a@b.io","activities":[
                  {"type":"Pricing Page View","occurredAt":"2025-03-01T09:00:00Z"},
                  {"type":"email_click","occurredAt":"2025-03-01T09:00:00Z"}]}""").get(0).change().activities();
        assertThat(activities).extracting(IncomingActivity::type)
                .containsExactly(ActivityType.PRICING_PAGE_VIEW, ActivityType.EMAIL_CLICK);
    }

    @Test
    void an_activity_without_id_gets_the_same_id_each_time_it_is_sent() {
        String body = "{\"email\":\"a@b.io\",\"activities\":[{\"type\":\"page_view\",\"occurredAt\":\"2025-03-01T09:00:00Z\"}]}";
        assertThat(parse(body).get(0).change().activities().get(0).activityId())
                .isEqualTo(parse(body).get(0).change().activities().get(0).activityId())
                .startsWith("webhook:events:");
    }

    @Test
    void an_unknown_field_is_refused_by_name() {
        assertInvalid("[{\"email\":\"a@b.io\",\"phone\":\"123\"}]", "/0/phone");
        assertInvalid("{\"email\":\"a@b.io\",\"activities\":[{\"type\":\"call\",\"occurredAt\":\"2025-03-01T09:00:00Z\",\"x\":1}]}",
                "/activities/0/x");
    }

    @Test
    void each_item_needs_an_email_or_an_external_id() {
        assertInvalid("[{\"email\":\"a@b.io\"},{\"firstName\":\"Nobody\"}]", "/1/email");
    }

    @Test
    void reports_every_invalid_value_at_once() {
        assertInvalid("""
                [{"email":"not-an-address","companySize":"lots","origin":"partner","occurredAt":"yesterday",
                  "firstName":5,"activities":[{"type":"skywriting"}]}]""",
                "/0/email", "/0/companySize", "/0/origin", "/0/occurredAt", "/0/firstName", "/0/activities/0/type",
                "/0/activities/0/occurredAt");
    }

    @Test
    void a_time_in_the_future_is_refused() {
        assertInvalid("{\"email\":\"a@b.io\",\"occurredAt\":\"2025-03-01T13:00:00Z\"}", "/occurredAt");
    }

    @Test
    void refuses_bodies_that_are_not_leads() {
        assertThatThrownBy(() -> parse("\"lead\"")).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.kind()).isEqualTo("malformed-request"));
        assertThatThrownBy(() -> parse("{\"email\":\"a@b.io\",\"email\":\"c@d.io\"}"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertInvalid("[\"a@b.io\"]", "/0");
    }

    @Test
    void refuses_more_leads_than_the_batch_limit() {
        assertThatThrownBy(() -> GenericLeadParser.parse("[{\"email\":\"a@b.io\"},{\"email\":\"b@b.io\"}]"
                .getBytes(StandardCharsets.UTF_8), "events", 1, NOW, Duration.ofMinutes(5)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(413));
    }

    private static List<GenericLead> parse(String body) {
        return GenericLeadParser.parse(body.getBytes(StandardCharsets.UTF_8), "events", 100, NOW,
                Duration.ofMinutes(5));
    }

    private static void assertInvalid(String body, String... fields) {
        assertThatThrownBy(() -> parse(body)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.kind()).isEqualTo("invalid-request");
            assertThat(e.errors()).extracting(Problem.FieldError::field).contains(fields);
        });
    }
}
