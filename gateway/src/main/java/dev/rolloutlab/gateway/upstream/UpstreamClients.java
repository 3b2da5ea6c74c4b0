package dev.rolloutlab.gateway.upstream;

import dev.rolloutlab.gateway.settings.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;

/**
 * One client, so one connection pool, per event loop. A pool shared by all event loops hands a
 * request on loop A a connection owned by loop B, and every step of the exchange then hops
 * between the two threads (a task queued and a selector woken each time). Created on first use
 * on each loop, a client's connections all belong to that loop, so the whole exchange stays on
 * one thread.
 */
@Singleton
public class UpstreamClients {

    private final GatewayConfig config;
    private final Vertx vertx;
    private final UpstreamConnections connections;
    private final ThreadLocal<HttpClient> clients = ThreadLocal.withInitial(this::newClient);

    UpstreamClients(GatewayConfig config, Vertx vertx, UpstreamConnections connections) {
        this.config = config;
        this.vertx = vertx;
        this.connections = connections;
    }

    /** The client of the calling event loop. */
    public HttpClient current() {
        return clients.get();
    }

    private HttpClient newClient() {
        long lifetime = config.upstream().maxConnectionLifetime().toMillis();
        return vertx.httpClientBuilder()
                .with(new HttpClientOptions()
                        .setConnectTimeout((int) config.upstream().connectTimeout().toMillis())
                        .setKeepAlive(true)
                        .setKeepAliveTimeout((int) Math.max(1, lifetime / 1000)))
                .with(new PoolOptions().setHttp1MaxSize(config.upstream().maxConnectionsPerInstance()))
                // Bounded lifetime: close each pooled connection once it has served its time, after
                // its current request, so new pods behind a Service get connections too.
                .withConnectHandler(connection -> {
                    vertx.setTimer(lifetime, id -> connection.shutdown(lifetime, TimeUnit.MILLISECONDS));
                    connections.opened(connection); // so a pod that leaves can be drained
                })
                .build();
    }
}
