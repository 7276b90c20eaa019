package io.leadfunnel.testing.kits;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AccessMatrixTest {

    private final AccessMatrix.Row salesOnly = AccessMatrix.row("POST /leads/{id}/accept", Set.of("sales"));

    @Test
    void an_allowed_role_passes_only_with_a_real_answer() {
        assertThat(AccessMatrix.meets(200, salesOnly, "sales")).isTrue();
        assertThat(AccessMatrix.meets(404, salesOnly, "sales")).as("absent id, past security").isTrue();
        assertThat(AccessMatrix.meets(422, salesOnly, "sales")).as("incomplete body, past security").isTrue();
        assertThat(AccessMatrix.meets(500, salesOnly, "sales")).as("a server error proves nothing").isFalse();
        assertThat(AccessMatrix.meets(503, salesOnly, "sales")).isFalse();
        assertThat(AccessMatrix.meets(403, salesOnly, "sales")).isFalse();
        assertThat(AccessMatrix.meets(401, salesOnly, "sales")).isFalse();
    }

    @Test
    void another_role_gets_403_and_no_token_401() {
        assertThat(AccessMatrix.meets(403, salesOnly, "marketing")).isTrue();
        assertThat(AccessMatrix.meets(404, salesOnly, "marketing")).isFalse();
        assertThat(AccessMatrix.meets(401, salesOnly, AccessMatrix.NO_TOKEN)).isTrue();
        assertThat(AccessMatrix.meets(403, salesOnly, AccessMatrix.NO_TOKEN)).isFalse();
    }

    @Test
    void a_matrix_refuses_two_rows_for_one_operation() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AccessMatrix.of(salesOnly, salesOnly))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
