package io.leadfunnel.handoff.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static io.leadfunnel.handoff.domain.Samples.T0;
import static io.leadfunnel.handoff.domain.Samples.definition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefinitionVersionTest {

    private static final Set<String> MARKETING = Set.of("marketing");
    private static final Set<String> SALES = Set.of("sales");
    private static final Set<String> BOTH = Set.of("marketing", "sales");

    @Test
    void one_approval_is_not_enough_to_activate() {
        DefinitionVersion draft = DefinitionVersion.draft(definition(), "mia", T0);
        draft.approve(ApprovalSide.MARKETING, "mia", MARKETING, T0);
        assertThat(draft.isApproved()).isFalse();
        assertThatThrownBy(() -> draft.activate("admin", T0)).isInstanceOf(DefinitionRuleException.class);
        assertThat(draft.status(1)).isEqualTo(DefinitionStatus.DRAFT);
    }

    @Test
    void one_person_cannot_approve_for_both_sides_and_one_side_cannot_approve_twice() {
        DefinitionVersion draft = DefinitionVersion.draft(definition(), "mia", T0);
        draft.approve(ApprovalSide.MARKETING, "pat", BOTH, T0);
        assertThatThrownBy(() -> draft.approve(ApprovalSide.SALES, "pat", BOTH, T0))
                .isInstanceOf(DefinitionRuleException.class).hasMessageContaining("another person");
        assertThatThrownBy(() -> draft.approve(ApprovalSide.MARKETING, "mia", MARKETING, T0))
                .isInstanceOf(DefinitionRuleException.class).hasMessageContaining("already approved");
        assertThatThrownBy(() -> draft.approve(ApprovalSide.SALES, "mia", MARKETING, T0))
                .hasMessageContaining("does not hold the sales role");
        assertThat(draft.isApproved()).isFalse();
    }

    @Test
    void marketing_and_sales_approvals_by_two_people_allow_activation() {
        DefinitionVersion draft = DefinitionVersion.draft(definition(), "mia", T0);
        draft.approve(ApprovalSide.MARKETING, "mia", MARKETING, T0);
        draft.approve(ApprovalSide.SALES, "sam", SALES, T0);
        draft.activate("admin", T0);
        assertThat(draft.status(draft.version())).isEqualTo(DefinitionStatus.ACTIVE);
        assertThat(draft.status(draft.version() + 1)).isEqualTo(DefinitionStatus.RETIRED);
        assertThatThrownBy(() -> draft.edit(definition())).isInstanceOf(DefinitionRuleException.class);
    }

    @Test
    void an_edit_after_approval_clears_the_approvals() {
        DefinitionVersion draft = DefinitionVersion.draft(definition(), "mia", T0);
        draft.approve(ApprovalSide.MARKETING, "mia", MARKETING, T0);
        draft.approve(ApprovalSide.SALES, "sam", SALES, T0);
        draft.edit(definition(Duration.ofDays(60), 3));
        assertThat(draft.approvals()).isEmpty();
        assertThat(draft.definition().recycling().maxRecycles()).isEqualTo(3);
        assertThat(draft.version()).isEqualTo(2);
        assertThatThrownBy(() -> draft.activate("admin", T0)).isInstanceOf(DefinitionRuleException.class);
    }
}
