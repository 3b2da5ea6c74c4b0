package dev.rolloutlab.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.util.Optional;

/**
 * The gateway's progressive rollout: {@code GET /gateway/rollout} (where it is) and
 * {@code POST /gateway/rollout/{promote,abort,retry,pause,resume}} (move it). The gateway decides;
 * this only asks and reports.
 */
public final class RolloutClient {

    /** An HTTP answer: its status and JSON body (a MissingNode when the body is not JSON). */
    public record Answer(int status, JsonNode body) {

        /** The rollout's one-line message, or the gateway's error sentence. */
        public String message() {
            JsonNode text = body.hasNonNull("message") ? body.get("message") : body.path("error");
            return text.isMissingNode() || text.isNull() ? "(HTTP " + status + ")" : text.asText();
        }

        public String phase() {
            return body.path("phase").asText("");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;

    public RolloutClient(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public static RolloutClient local(int port) {
        return new RolloutClient("http://127.0.0.1:" + port);
    }

    public String base() {
        return base;
    }

    /** {@code GET /gateway/rollout}, or empty when the gateway does not answer. */
    public Optional<Answer> view() {
        return Http.get(base + "/gateway/rollout").map(RolloutClient::answer);
    }

    /** {@code POST /gateway/rollout/COMMAND} ({@code promote?full=true} when {@code full}), or empty when nothing answers. */
    public Optional<Answer> command(String command, boolean full) {
        return Http.post(base + "/gateway/rollout/" + command + (full ? "?full=true" : "")).map(RolloutClient::answer);
    }

    private static Answer answer(Http.Response response) {
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = MissingNode.getInstance();
        }
        return new Answer(response.statusCode(), body == null ? MissingNode.getInstance() : body);
    }
}
