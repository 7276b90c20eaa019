package io.leadfunnel.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeedOptionsTest {

    private static FeedOptions parse(String... args) {
        return FeedOptions.parse(args).orElseThrow();
    }

    @Test
    void without_arguments_the_options_are_those_of_the_local_run() {
        assertThat(FeedOptions.defaults()).isEqualTo(new FeedOptions("http://127.0.0.1:8081", "http://127.0.0.1:8083",
                null, "dev-hubspot-secret", "00D000000000DEVAAA", "dev-salesforce-endpoint-token-0123456789abcdef",
                "demo", "dev-generic-secret", 90, 1.0, 42));
    }

    @Test
    void each_option_sets_its_value() {
        FeedOptions o = parse("--lead-url", "http://127.0.0.1:9081", "--handoff-url", "http://127.0.0.1:9083",
                "--public-base-url", "https://funnel.example.com", "--hubspot-secret", "hs",
                "--salesforce-org", "00DORG", "--salesforce-token", "tok", "--generic-source", "web",
                "--generic-secret", "gs", "--duration", "30", "--rate", "2.5", "--seed", "-7");

        assertThat(o).isEqualTo(new FeedOptions("http://127.0.0.1:9081", "http://127.0.0.1:9083",
                "https://funnel.example.com", "hs", "00DORG", "tok", "web", "gs", 30, 2.5, -7));
    }

    @Test
    void the_last_of_a_repeated_option_wins() {
        assertThat(parse("--seed", "1", "--seed", "2").seed()).isEqualTo(2);
    }

    @Test
    void service_urls_lose_a_trailing_slash() {
        assertThat(parse("--lead-url", "http://127.0.0.1:8081/").leadUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThat(parse("--handoff-url", "http://127.0.0.1:8083/").handoffUrl()).isEqualTo("http://127.0.0.1:8083");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8081", "https://127.0.0.1:8081", "http://10.0.0.1:8081",
            "http://funnel.example.com"})
    void the_feed_sends_to_http_127_0_0_1_only(String url) {
        assertThatThrownBy(() -> parse("--lead-url", url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("only http://127.0.0.1:<port> URLs are allowed, not " + url);
        assertThatThrownBy(() -> parse("--handoff-url", url)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_public_base_url_may_be_anywhere_since_it_is_only_signed() {
        assertThat(parse("--public-base-url", "https://funnel.example.com/").publicBaseUrl())
                .isEqualTo("https://funnel.example.com/");
    }

    @ParameterizedTest
    @CsvSource({"--duration,5", "--duration,3600", "--rate,0.05", "--rate,20"})
    void bounds_are_inclusive(String option, String value) {
        assertThat(FeedOptions.parse(new String[]{option, value})).isPresent();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--duration|4|--duration must be between 5 and 3600",
            "--duration|3601|--duration must be between 5 and 3600",
            "--rate|0.04|--rate must be between 0.05 and 20 leads per second",
            "--rate|20.5|--rate must be between 0.05 and 20 leads per second",
            "--rate|NaN|--rate must be between 0.05 and 20 leads per second",
            "--duration|1.5|For input string: \"1.5\"",
            "--rate|fast|For input string: \"fast\"",
            "--seed|x|For input string: \"x\"",
            "--verbose|yes|unknown option --verbose"})
    void a_bad_value_is_refused_with_a_message_naming_it(String option, String value, String message) {
        assertThatThrownBy(() -> parse(option, value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void an_option_without_its_value_is_refused() {
        assertThatThrownBy(() -> parse("--seed", "1", "--duration")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("missing value for --duration");
    }

    @Test
    void help_asks_for_the_usage_instead_of_a_run() {
        assertThat(FeedOptions.parse(new String[]{"--help"})).isEmpty();
        assertThat(FeedOptions.parse(new String[]{"-h"})).isEmpty();
        assertThat(FeedOptions.parse(new String[]{"--seed", "1", "--help", "--bogus"})).isEmpty();
    }

    @Test
    void the_arguments_are_read_left_to_right_so_an_earlier_mistake_wins_over_help() {
        assertThatThrownBy(() -> parse("--duration", "1", "--help"))
                .hasMessage("--duration must be between 5 and 3600");
        // --help taken as the value of --seed
        assertThatThrownBy(() -> parse("--seed", "--help")).hasMessage("For input string: \"--help\"");
    }

    @Test
    void the_usage_lists_every_option() {
        assertThat(FeedOptions.USAGE).isEqualTo("""
                usage: demo-feed [--lead-url http://127.0.0.1:8081] [--handoff-url http://127.0.0.1:8083]
                                 [--duration 90] [--rate 1.0] [--seed 42] [--public-base-url URL]
                                 [--hubspot-secret S] [--salesforce-org ID] [--salesforce-token T]
                                 [--generic-source demo] [--generic-secret S]""");
        assertThat(FeedOptions.USAGE).contains("--lead-url", "--handoff-url", "--duration", "--rate", "--seed",
                "--public-base-url", "--hubspot-secret", "--salesforce-org", "--salesforce-token", "--generic-source",
                "--generic-secret");
    }
}
