package io.leadfunnel.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MongoCommandsTest {

    @Test
    void sums_every_command_series_and_nothing_else() {
        String exposition = """
                # HELP mongodb_driver_commands_seconds Timer of mongodb commands
                # TYPE mongodb_driver_commands_seconds summary
                mongodb_driver_commands_seconds_count{collection="leads",command="update",status="SUCCESS"} 120.0
                mongodb_driver_commands_seconds_sum{collection="leads",command="update",status="SUCCESS"} 0.5
                mongodb_driver_commands_seconds_count{collection="leads",command="find",status="SUCCESS"} 30.0
                mongodb_driver_commands_seconds_max{collection="leads",command="find",status="SUCCESS"} 0.01
                mongodb_driver_pool_size{server_address="127.0.0.1:27017"} 4.0
                """;

        assertThat(MongoCommands.total(exposition)).isEqualTo(150.0);
        assertThat(MongoCommands.total("# nothing\n")).isZero();
    }

    @Test
    void counts_what_each_service_sent_between_two_readings() {
        assertThat(MongoCommands.between(Map.of("lead-service", 10.0), Map.of("lead-service", 25.0)))
                .containsEntry("lead-service", 15.0);
    }
}
