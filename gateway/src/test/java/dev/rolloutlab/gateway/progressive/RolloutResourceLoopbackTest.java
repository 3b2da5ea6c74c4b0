package dev.rolloutlab.gateway.progressive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RolloutResourceLoopbackTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "0:0:0:0:0:0:0:1", "::1", "[::1]"})
    void loopbackAddressesMayCommand(String address) {
        assertThat(RolloutResource.isLoopback(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.2.3", "192.0.2.2", "0.0.0.0", "fe80::1", "::ffff:10.0.0.1", "localhost", "", "1.2.3",
        "127.0.0.1.evil.example"})
    void everythingElseMayNot(String address) {
        assertThat(RolloutResource.isLoopback(address)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"null"})
    void noAddressMayNot(String ignored) {
        assertThat(RolloutResource.isLoopback(null)).isFalse();
    }
}
