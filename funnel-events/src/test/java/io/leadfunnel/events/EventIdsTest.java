package io.leadfunnel.events;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdsTest {

    @Test
    void idsAreRandomVersionFourUuids() {
        for (int i = 0; i < 1000; i++) {
            UUID id = EventIds.next();
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(UUID.fromString(id.toString())).isEqualTo(id);
        }
    }

    @Test
    void threadsDrawDistinctIds() {
        Set<UUID> ids = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 8).parallel().forEach(t -> {
            Set<UUID> mine = new HashSet<>();
            for (int i = 0; i < 20_000; i++) {
                mine.add(EventIds.next());
            }
            assertThat(mine).hasSize(20_000);
            ids.addAll(mine);
        });
        assertThat(ids).hasSize(8 * 20_000);
    }
}
