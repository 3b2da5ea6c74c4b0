package dev.rolloutlab.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The proxy's event loops run on Netty's native epoll transport where it is bundled (Linux x86_64, aarch64). */
@QuarkusTest
class NativeTransportTest {

    @Inject
    Vertx vertx;

    @Test
    void onLinuxTheEventLoopsUseTheNativeEpollTransport() {
        String arch = System.getProperty("os.arch");
        assumeTrue(System.getProperty("os.name").startsWith("Linux")
                && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64")), "epoll is bundled for Linux only");

        assertThat(vertx.isNativeTransportEnabled()).as("native transport enabled").isTrue();
    }
}
