package dev.rolloutlab.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.core.http.HttpServerOptions;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code quarkus.http.idle-timeout} still closes the connections a server must close once it
 * counts only the client's silence ({@link PublicServerSettings}): one that never sends a byte, and a
 * keep-alive one nobody uses after its answer. The default is 30 minutes; here 1 s, so a close
 * within a few seconds can only come from the timeout.
 */
@QuarkusTest
@TestProfile(ReadIdleTimeoutTest.OneSecondIdleTimeout.class)
class ReadIdleTimeoutTest {

    public static class OneSecondIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", "1s", "quarkus.http.test-port", "0");
        }
    }

    @Inject
    PublicServerSettings settings;

    @Test
    void theTimeoutCountsTheClientsSilenceOnly() {
        HttpServerOptions options = settings.options();
        assertThat(options.getIdleTimeout()).as("all-idle timeout: a listener on every write").isZero();
        assertThat(options.getIdleTimeoutUnit()).isEqualTo(TimeUnit.MILLISECONDS);
        assertThat(options.getReadIdleTimeout()).isEqualTo(1000);
    }

    @Test
    void aConnectionThatNeverSendsAByteIsClosed() throws Exception {
        try (Socket socket = connect()) {
            assertThat(socket.getInputStream().read()).as("end of stream: the gateway closed the connection").isEqualTo(-1);
        }
    }

    @Test
    void anUnusedKeepAliveConnectionIsClosedAfterItsAnswer() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /q/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(readUntilClosed(socket.getInputStream()), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 200");
        }
    }

    private static Socket connect() throws Exception {
        Socket socket = new Socket("localhost", RestAssured.port);
        socket.setSoTimeout(10_000); // a read blocked this long fails the test: the timeout did not close it
        return socket;
    }

    private static byte[] readUntilClosed(InputStream in) throws Exception {
        return in.readAllBytes();
    }
}
