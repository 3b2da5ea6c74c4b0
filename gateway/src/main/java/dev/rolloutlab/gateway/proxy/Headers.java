package dev.rolloutlab.gateway.proxy;

import io.vertx.core.MultiMap;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Copies headers across the proxy, leaving out hop-by-hop ones (RFC 9110, section 7.6.1). */
final class Headers {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "trailers", "transfer-encoding", "upgrade");

    private Headers() {
    }

    static void copy(MultiMap from, MultiMap to) {
        Set<String> skip = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        skip.addAll(HOP_BY_HOP);
        from.getAll("Connection").forEach(value ->
                Arrays.stream(value.split(",")).map(h -> h.trim().toLowerCase(Locale.ROOT)).forEach(skip::add));
        from.forEach(header -> {
            if (!skip.contains(header.getKey())) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }
}
