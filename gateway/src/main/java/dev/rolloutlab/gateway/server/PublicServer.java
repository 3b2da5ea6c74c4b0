package dev.rolloutlab.gateway.server;

import dev.rolloutlab.gateway.edge.EdgeChecks;
import dev.rolloutlab.gateway.proxy.InFlight;
import dev.rolloutlab.gateway.proxy.ProxyHandler;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.value.registry.ValueRegistry;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpUtils;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The gateway's HTTP server: a Vert.x server on every event loop, on the port Quarkus's own
 * server would take ({@code quarkus.http.port}, {@code quarkus.http.test-port} in tests), which
 * is switched off ({@code quarkus.http.host-enabled=false}). A proxied request ({@code /api/...},
 * {@code /preview/api/...}) goes from here straight to the {@link ProxyHandler}; every other one
 * (the UI, {@code /gateway/...}, the probes and metrics under {@code /q}) goes on to Quarkus's
 * router as if its own server had read it. Quarkus's request pipeline around the router (a pause
 * and resume of every request, the graceful-shutdown wrappers, a routing context, context
 * locals) cost the proxy more CPU per request than all its own features; bench/README.md has the
 * measurement. All requests pass the {@link EdgeChecks} first.
 *
 * <p>Shutting down: Quarkus first reports not ready and keeps serving for
 * {@code quarkus.shutdown.delay} (a cluster takes the pod out of its Service meanwhile), then
 * lets its own requests finish. Then this server answers new requests 503, waits for the
 * proxied exchanges under way ({@link InFlight}) for up to {@code quarkus.shutdown.timeout},
 * and closes.
 */
@Singleton
public class PublicServer {

    private static final Logger LOG = Logger.getLogger(PublicServer.class);

    private final Vertx vertx;
    private final EdgeChecks edge;
    private final ProxyHandler proxy;
    private final InFlight inFlight;
    private final PublicServerSettings settings;
    private final ValueRegistry values;
    private volatile boolean draining;
    private volatile String deployment;

    PublicServer(Vertx vertx, EdgeChecks edge, ProxyHandler proxy, InFlight inFlight, PublicServerSettings settings,
            ValueRegistry values) {
        this.vertx = vertx;
        this.edge = edge;
        this.proxy = proxy;
        this.inFlight = inFlight;
        this.settings = settings;
        this.values = values;
    }

    void start(@Observes StartupEvent started) throws Exception {
        HttpServerOptions options = settings.options();
        AtomicInteger port = new AtomicInteger();
        Handler<HttpServerRequest> quarkus = VertxHttpRecorder.getRootHandler();
        deployment = vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> listening) {
                HttpServer server = vertx.createHttpServer(options)
                        .requestHandler(request -> dispatch(request, quarkus));
                // Without a WebSocket handler Vert.x answers a request line's unknown version
                // itself ("HTTP/9.9 501", then a close) before any handler sees it. With one whose
                // stream is paused (the gateway takes no WebSockets: an upgrade request is an
                // ordinary request), every request reaches the EdgeChecks, which answer 505 in
                // HTTP/1.1 (RFC 9112, 2.3).
                server.webSocketHandler(webSocket -> webSocket.close()).webSocketStream().pause();
                server.listen().onSuccess(bound -> port.set(bound.actualPort())).<Void>mapEmpty().onComplete(listening);
            }
        }, new DeploymentOptions().setInstances(eventLoops())).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        values.register(io.quarkus.vertx.http.HttpServer.HTTP_PORT, port.get());
        if (LaunchMode.current() == LaunchMode.TEST) {
            values.register(io.quarkus.vertx.http.HttpServer.HTTP_TEST_PORT, port.get());
        }
        LOG.infof("Listening on: http://%s:%d", options.getHost(), port.get());
    }

    private void dispatch(HttpServerRequest request, Handler<HttpServerRequest> quarkus) {
        if (draining) {
            request.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                    .putHeader("Connection", "close").end("{\"status\":503,\"error\":\"the gateway is shutting down\"}");
            return;
        }
        if (!edge.admit(request)) {
            return;
        }
        String path = request.path();
        if (path != null && path.startsWith("/")) {
            path = HttpUtils.normalizePath(path);
            if (ProxyHandler.proxies(path)) {
                proxy.handle(request, path);
                return;
            }
        }
        quarkus.handle(request);
    }

    void stop(@Observes ShutdownEvent stopping) throws Exception {
        String id = deployment;
        if (id == null) {
            return;
        }
        draining = true;
        Duration limit = settings.shutdownTimeout();
        if (!inFlight.awaitNone(limit)) {
            LOG.warnf("%d proxied requests still under way after %s (quarkus.shutdown.timeout): closing them",
                    inFlight.count(), limit);
        }
        vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** One server per event loop, as Quarkus deploys its own: connections are spread over all of them. */
    private int eventLoops() {
        int loops = 0;
        for (var ignored : ((VertxInternal) vertx).getEventLoopGroup()) {
            loops++;
        }
        return loops;
    }
}
