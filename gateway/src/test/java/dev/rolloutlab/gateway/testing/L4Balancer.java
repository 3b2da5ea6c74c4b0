package dev.rolloutlab.gateway.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A ClusterIP as kube-proxy makes one, in a few lines: a TCP address that hands each new
 * connection to a random endpoint (iptables mode picks at random too) and then only copies bytes.
 * It knows nothing of HTTP, so it cannot retry, and a connection stays with its endpoint for its
 * whole life (conntrack). When the endpoint cannot be reached, the client's connection is closed.
 */
public final class L4Balancer implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final NetClient client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2000));
    private final NetServer server;
    private volatile List<SocketAddress> endpoints;

    private L4Balancer(List<SocketAddress> endpoints) throws Exception {
        this.endpoints = List.copyOf(endpoints);
        server = vertx.createNetServer().connectHandler(this::balance)
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public static L4Balancer start(List<SocketAddress> endpoints) throws Exception {
        return new L4Balancer(endpoints);
    }

    /** The address the gateway calls: one "Service IP" for every endpoint. */
    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** What the endpoint controller does when a pod leaves: new connections no longer go there. */
    public void endpoints(List<SocketAddress> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    private void balance(NetSocket downstream) {
        List<SocketAddress> now = endpoints;
        if (now.isEmpty()) {
            downstream.close();
            return;
        }
        downstream.pause();
        SocketAddress target = now.get(ThreadLocalRandom.current().nextInt(now.size()));
        client.connect(target).onSuccess(upstream -> {
            downstream.pipeTo(upstream);
            upstream.pipeTo(downstream);
            downstream.resume();
        }).onFailure(refused -> downstream.close());
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
