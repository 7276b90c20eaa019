package io.leadfunnel.demo;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ProfilesTest {

    @Test
    void given_seed_7_the_first_contact_is_the_one_the_demo_has_always_started_with() {
        Profile first = new Profiles(new Random(7)).next(1);

        assertThat(first).isEqualTo(new Profile("Margaret", "Huber", "margaret.huber1@nordwerk.example", "Nordwerk",
                "nordwerk.example", "Vice President Operations", "FR", "Logistics", 651, true, "target account"));
    }

    @Test
    void the_same_seed_gives_the_same_contacts() {
        assertThat(draw(42, 50)).isEqualTo(draw(42, 50));
        assertThat(draw(42, 50)).isNotEqualTo(draw(43, 50));
    }

    @Test
    void target_accounts_fit_the_agreed_lead_definition_and_the_others_do_not() {
        for (Profile p : draw(1, 500)) {
            if (p.good()) {
                assertThat(p.kind()).isEqualTo("target account");
                assertThat(p.title()).isIn((Object[]) Profiles.GOOD_TITLE);
                assertThat(p.country()).isIn((Object[]) Profiles.GOOD_COUNTRY);
                assertThat(p.industry()).isIn((Object[]) Profiles.GOOD_INDUSTRY);
                assertThat(p.size()).isBetween(201, 1000);
                assertThat(p.email()).endsWith("@" + p.domain());
            } else {
                assertThat(p.kind()).isIn("student", "free mail", "small company");
            }
        }
    }

    @Test
    void about_six_in_ten_contacts_are_target_accounts_and_every_kind_shows_up() {
        List<Profile> profiles = draw(42, 2000);

        assertThat(profiles.stream().filter(Profile::good).count()).isBetween(1140L, 1340L);
        assertThat(profiles).extracting(Profile::kind).contains("target account", "student", "free mail",
                "small company");
    }

    @Test
    void addresses_are_plain_ascii_and_unique_by_number() {
        List<Profile> profiles = draw(3, 300);

        assertThat(profiles).extracting(Profile::email).allMatch(e -> e.matches("[a-z0-9.-]+@[a-z0-9.-]+"))
                .doesNotHaveDuplicates();
        assertThat(profiles.get(0).email()).contains("1@");
    }

    private static List<Profile> draw(long seed, int count) {
        Profiles profiles = new Profiles(new Random(seed));
        List<Profile> list = new ArrayList<>();
        IntStream.rangeClosed(1, count).forEach(n -> list.add(profiles.next(n)));
        return list;
    }
}
