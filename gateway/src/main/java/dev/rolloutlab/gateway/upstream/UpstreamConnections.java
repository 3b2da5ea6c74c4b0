package dev.rolloutlab.gateway.upstream;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The open upstream connections of every event loop's pool, by the address they go to, so the
 * connections to a pod that is leaving can be drained: taken out of the pool at once, closed
 * when the requests they carry are answered.
 */
@Singleton
public class UpstreamConnections {

    private record Open(HttpConnection connection, Context context) {
    }

    private final Map<String, Set<Open>> byAddress = new ConcurrentHashMap<>();

    /** Called on the event loop that owns {@code connection}, when it is connected. */
    void opened(HttpConnection connection) {
        String key = key(connection.remoteAddress());
        if (key == null) {
            return;
        }
        Open open = new Open(connection, Vertx.currentContext());
        byAddress.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(open);
        connection.closeHandler(closed -> byAddress.computeIfPresent(key, (k, set) -> {
            set.remove(open);
            return set.isEmpty() ? null : set;
        }));
    }

    /**
     * Drains the connections to {@code host:port}: no new request goes on them, and each closes
     * once its requests are answered, or after {@code grace} at the latest. Returns how many.
     */
    public int drain(String host, int port, long graceMillis) {
        Set<Open> open = byAddress.getOrDefault(host + ":" + port, Set.of());
        open.forEach(o -> o.context().runOnContext(v -> o.connection().shutdown(graceMillis, TimeUnit.MILLISECONDS)));
        return open.size();
    }

    /** How many connections to {@code host:port} are open now. */
    public int count(String host, int port) {
        return byAddress.getOrDefault(host + ":" + port, Set.of()).size();
    }

    private static String key(SocketAddress address) {
        return address == null || address.hostAddress() == null ? null : address.hostAddress() + ":" + address.port();
    }
}
