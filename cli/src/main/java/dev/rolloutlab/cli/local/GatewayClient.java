package dev.rolloutlab.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** The gateway's own endpoints: what config it has in effect. */
public final class GatewayClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;

    public GatewayClient(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public static GatewayClient local(int port) {
        return new GatewayClient("http://127.0.0.1:" + port);
    }

    public String base() {
        return base;
    }

    /** {@code /gateway/status}, or empty when the gateway does not answer. */
    public Optional<JsonNode> status() {
        return Http.get(base + "/gateway/status").filter(r -> r.statusCode() == 200).map(r -> {
            try {
                return JSON.readTree(r.body());
            } catch (IOException e) {
                return null;
            }
        });
    }

    /**
     * Waits until the gateway serves exactly {@code yaml} (it watches the file and applies a change
     * within milliseconds), so a command returns only once its change is in effect. False after
     * the timeout.
     */
    public boolean awaitApplied(String yaml, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Http.Response> response = Http.get(base + "/gateway/status/yaml");
            if (response.isPresent() && response.get().statusCode() == 200 && yaml.equals(response.get().body())) {
                return true;
            }
            AppLauncher.sleep(10);
        }
        return false;
    }
}
