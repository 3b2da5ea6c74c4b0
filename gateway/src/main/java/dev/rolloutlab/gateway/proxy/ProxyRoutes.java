package dev.rolloutlab.gateway.proxy;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Mounts the proxy on the sample API's paths: {@code /api/...}, and {@code /preview/api/...} for blue/green. */
@ApplicationScoped
public class ProxyRoutes {

    void mount(@Observes Router router, ProxyHandler proxy) {
        router.route("/api/*").order(-10).handler(proxy);
        router.route("/preview/api/*").order(-10).handler(proxy);
    }
}
