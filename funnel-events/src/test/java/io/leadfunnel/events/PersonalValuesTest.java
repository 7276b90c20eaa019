package io.leadfunnel.events;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersonalValuesTest {

    private static final List<String> PERSONAL_VALUES = List.of("maria.keller@acme-robotics.example", "Maria",
            "Keller", "Acme Robotics GmbH", "acme-robotics.example", "VP Operations", "1501");

    @Test
    void a_captured_lead_splits_into_an_event_without_personal_values_and_its_personal_data() throws Exception {
        LeadCaptured captured = GoldenSamples.event(LeadCaptured.class);

        String onLeadEvents = FunnelJson.write(captured.withoutPersonalValues());
        String onLeadProfiles = FunnelJson.writePersonalData(captured.personalData());

        assertThat(PERSONAL_VALUES).noneMatch(onLeadEvents::contains);
        assertThat(FunnelJson.mapper().readTree(onLeadProfiles))
                .isEqualTo(FunnelJson.mapper().readTree(personalGolden()));
        LeadCaptured read = FunnelJson.read(onLeadEvents, LeadCaptured.class);
        assertThat(read.personalValues()).isEqualTo(PersonalValues.ON_PROFILE_TOPIC);
        assertThat(read.profile().withPersonalValues(FunnelJson.readPersonalData(onLeadProfiles)))
                .isEqualTo(captured.profile());
        assertThat(read.profile().industry()).isEqualTo("Manufacturing");
        assertThat(read.profile().companySize()).isEqualTo(450);
        assertThat(read.profile().campaign()).isEqualTo("2026-q1-automation-webinar");
    }

    @Test
    void a_profile_update_splits_the_same_way() {
        LeadProfileUpdated updated = GoldenSamples.event(LeadProfileUpdated.class);

        LeadProfileUpdated carried = FunnelJson.read(FunnelJson.write(updated.withoutPersonalValues()),
                LeadProfileUpdated.class);

        assertThat(carried.personalValues()).isEqualTo(PersonalValues.ON_PROFILE_TOPIC);
        assertThat(carried.profile().email()).isNull();
        assertThat(carried.profile().title()).isNull();
        assertThat(carried.profile().withPersonalValues(updated.personalData())).isEqualTo(updated.profile());
        assertThat(carried.personalData().sequence()).isEqualTo(updated.sequence());
    }

    @Test
    void a_record_without_the_field_holds_its_personal_values_inline() {
        String older = GoldenSamples.json(LeadCaptured.class).replace(",\n  \"personalValues\": \"INLINE\"", "");
        assertThat(older).doesNotContain("personalValues");

        LeadCaptured read = FunnelJson.read(older, LeadCaptured.class);

        assertThat(read.personalValues()).isEqualTo(PersonalValues.INLINE);
        assertThat(read.profile().email()).isEqualTo("maria.keller@acme-robotics.example");
    }

    @Test
    void personal_data_that_cannot_be_read_is_refused_with_the_reason() {
        assertThatThrownBy(() -> FunnelJson.readPersonalData("{\"sequence\": 3}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leadId");
        assertThatThrownBy(() -> FunnelJson.readPersonalData("{\"leadId\": "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_profile_record_reads_as_its_values_or_a_tombstone_and_a_refusal_quotes_nothing_of_it() throws Exception {
        String golden = personalGolden();

        assertThat(FunnelJson.readProfileRecord("6571a3f09c1d4e2b8a7f0c11", golden)).get()
                .extracting(LeadPersonalData::title).isEqualTo("VP Operations");
        assertThat(FunnelJson.readProfileRecord("6571a3f09c1d4e2b8a7f0c11", null)).isEmpty();
        for (String broken : List.of(golden.replace("\"sequence\": 1", "\"sequence\": \"maria.keller\""),
                golden.substring(0, golden.indexOf("Keller")))) {
            assertThatThrownBy(() -> FunnelJson.readProfileRecord("6571a3f09c1d4e2b8a7f0c11", broken))
                    .isInstanceOf(IllegalArgumentException.class).hasNoCause()
                    .message().contains("6571a3f09c1d4e2b8a7f0c11").doesNotContain("maria", "Maria", "Keller");
        }
        assertThatThrownBy(() -> FunnelJson.readProfileRecord("another-lead", golden))
                .hasMessageContaining("another lead").hasNoCause();
        assertThatThrownBy(() -> FunnelJson.readProfileRecord(null, golden)).hasMessageContaining("key");
    }

    private static String personalGolden() throws Exception {
        try (var in = GoldenSamples.class.getResourceAsStream("golden/LeadPersonalData.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
