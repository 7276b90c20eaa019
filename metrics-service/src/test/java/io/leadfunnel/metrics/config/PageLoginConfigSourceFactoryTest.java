package io.leadfunnel.metrics.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PageLoginConfigSourceFactoryTest {

    @Test
    void givenLoginAndAnIdentityProvider_theLoginIsOn() {
        assertThat(PageLoginConfigSourceFactory.loginPossible("login", "https://idp.example/realms/sales")).isTrue();
        assertThat(PageLoginConfigSourceFactory.loginPossible(null, "https://idp.example/realms/sales")).isTrue();
        assertThat(PageLoginConfigSourceFactory.loginPossible(" LOGIN ", "https://idp.example")).isTrue();
    }

    @Test
    void givenAnonymousOrNoIdentityProvider_theLoginIsOff() {
        assertThat(PageLoginConfigSourceFactory.loginPossible("anonymous", "https://idp.example")).isFalse();
        assertThat(PageLoginConfigSourceFactory.loginPossible("login", null)).isFalse();
        assertThat(PageLoginConfigSourceFactory.loginPossible("login", " ")).isFalse();
    }
}
