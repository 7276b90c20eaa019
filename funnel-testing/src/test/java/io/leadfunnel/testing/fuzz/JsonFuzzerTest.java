package io.leadfunnel.testing.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonFuzzerTest {

    private static final String VALID = "{\"email\":\"ada@example.com\",\"firstName\":\"Ada\","
            + "\"leads\":[{\"company\":\"Analytical\"}],\"score\":12.5}";

    @Test
    void the_same_seed_gives_the_same_inputs() {
        JsonFuzzer first = new JsonFuzzer(42);
        JsonFuzzer second = new JsonFuzzer(42);
        for (int i = 0; i < 500; i++) {
            assertThat(first.next(VALID)).isEqualTo(second.next(VALID));
        }
    }

    @Test
    void inputs_cover_operators_dotted_keys_nesting_nan_and_broken_json() throws Exception {
        JsonFuzzer fuzzer = new JsonFuzzer(7);
        ObjectMapper json = new ObjectMapper();
        List<String> inputs = new ArrayList<>();
        int parseable = 0;
        for (int i = 0; i < 3000; i++) {
            String input = fuzzer.next(VALID);
            inputs.add(input);
            try {
                json.readTree(input);
                parseable++;
            } catch (Exception e) {
                // broken on purpose
            }
        }
        assertThat(inputs).anyMatch(s -> s.contains("\"$gt\""));
        assertThat(inputs).anyMatch(s -> s.contains("\"a.b\""));
        assertThat(inputs).anyMatch(s -> s.contains("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["));
        assertThat(inputs).anyMatch(s -> s.contains(":NaN") || s.contains(",NaN") || s.contains("[NaN"));
        assertThat(inputs).anyMatch(s -> s.contains("1e309"));
        assertThat(inputs).anyMatch(s -> s.contains("9999-12-31T23:59:59Z"));
        assertThat(inputs).anyMatch(s -> s.length() > 100_000);
        // most inputs stay valid JSON so that they reach validation, but not all
        assertThat(parseable).isBetween(1500, 2950);
    }

    @Test
    void byte_mutations_include_invalid_utf8() {
        JsonFuzzer fuzzer = new JsonFuzzer(3);
        boolean invalid = false;
        for (int i = 0; i < 200 && !invalid; i++) {
            byte[] bytes = fuzzer.mutateBytes(JsonFuzzer.utf8(VALID));
            try {
                StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            } catch (CharacterCodingException e) {
                invalid = true;
            }
        }
        assertThat(invalid).isTrue();
    }

    @Test
    void the_report_is_written_where_the_reliability_report_looks() throws Exception {
        var file = FuzzReport.write("POST /webhooks/{source}", 10_000, 0, 0, 42);

        assertThat(file).hasFileName("post-webhooks-source.json");
        assertThat(new ObjectMapper().readTree(Files.readString(file)).get("inputs").asLong()).isEqualTo(10_000);
        Files.delete(file);
    }
}
