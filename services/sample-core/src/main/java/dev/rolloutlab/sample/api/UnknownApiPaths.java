package dev.rolloutlab.sample.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A path under {@code /api} that no resource serves is a 404 in the {@link ApiError} shape. The
 * REST layer hands such a request on instead of failing it, so it would otherwise end in
 * Vert.x's HTML "Resource not found" page.
 */
@ApplicationScoped
public class UnknownApiPaths {

    void mount(@Observes Router router) {
        router.route("/api/*").last().handler(rc -> rc.response().setStatusCode(404)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("status", 404)
                        .put("error", "no such endpoint: " + rc.request().method() + " " + rc.normalizedPath()).encode()));
    }
}
