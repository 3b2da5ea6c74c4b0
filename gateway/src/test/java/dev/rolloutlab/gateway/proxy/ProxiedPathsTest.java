package dev.rolloutlab.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which normalized paths the gateway's server hands to the proxy; every other one goes to Quarkus. */
class ProxiedPathsTest {

    @ParameterizedTest
    @CsvSource({
            "/api, true",
            "/api/, true",
            "/api/identity, true",
            "/preview/api, true",
            "/preview/api/identity, true",
            "/apix, false",
            "/apix/identity, false",
            "/preview/apix, false",
            "/preview, false",
            "/preview/identity, false",
            "/, false",
            "/gateway/status, false",
            "/q/health/ready, false",
            "/API/identity, false",
    })
    void theSampleApiAndItsPreviewOnly(String path, boolean proxied) {
        assertThat(ProxyHandler.proxies(path)).as(path).isEqualTo(proxied);
    }
}
