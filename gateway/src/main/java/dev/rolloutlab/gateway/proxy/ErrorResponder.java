package dev.rolloutlab.gateway.proxy;

import dev.rolloutlab.gateway.routing.Reason;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;

/**
 * The gateway's own answer when no upstream answers (no config yet, a bad request, a group that
 * failed): a small JSON body naming the status and the error, recorded like any exchange.
 */
@Singleton
public class ErrorResponder {

    private final ExchangeRecorder recorder;

    ErrorResponder(ExchangeRecorder recorder) {
        this.recorder = recorder;
    }

    /** Answers {@code status}; {@code group} and {@code reason} are null when no group was chosen. */
    void fail(HttpServerRequest request, long start, String group, Reason reason, int status, String error) {
        if (request.response().headWritten()) {
            // Answered already (EdgeChecks refused a malformed body): the client got that status,
            // and a failure the client caused is not counted against the group.
            recorder.record(start, group == null ? "none" : group, group == null ? "none" : group, null,
                    request.response().getStatusCode(), reason, error);
            return;
        }
        JsonObject body = new JsonObject().put("status", status).put("error", error);
        if (group != null) {
            body.put("group", group);
        }
        HttpServerResponse response = request.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        if (group != null) {
            RolloutHeaders.failed(response, group, reason);
        }
        response.end(body.encode());
        if (!request.isEnded()) {
            request.resume();
        }
        recorder.record(start, group == null ? "none" : group, group == null ? "none" : group, null, status,
                reason, error);
    }
}
