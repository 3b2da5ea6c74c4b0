package dev.rolloutlab.gateway.proxy;

import io.vertx.core.MultiMap;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Copies headers across the proxy, leaving out hop-by-hop ones (RFC 9110, section 7.6.1). */
final class Headers {

    /** Case-insensitive; never changed after class init, so safe to read from every event loop. */
    private static final Set<String> HOP_BY_HOP = Collections.unmodifiableSet(caseInsensitive(List.of("connection",
            "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer", "trailers",
            "transfer-encoding", "upgrade")));

    private Headers() {
    }

    static void copy(MultiMap from, MultiMap to) {
        // Runs twice per proxied request: build no set unless a Connection header names extra
        // hop-by-hop headers (rare; keep-alive connections usually send none).
        List<String> connection = from.getAll("Connection");
        Set<String> named = connection.isEmpty() ? Set.of() : caseInsensitive(connection.stream()
                .flatMap(value -> Arrays.stream(value.split(","))).map(String::trim).toList());
        from.forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey()) && !named.contains(header.getKey())) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }

    private static Set<String> caseInsensitive(List<String> names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(names);
        return set;
    }
}
