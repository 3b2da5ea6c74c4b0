package dev.rolloutlab.gateway.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.Map;

/** Copies headers across the proxy, leaving out hop-by-hop ones (RFC 9110, section 7.6.1). */
final class Headers {

    private Headers() {
    }

    /**
     * Runs twice per proxied request, so it allocates nothing in the usual case: one pass over the
     * headers, a length switch instead of a set lookup, and the {@code Connection} header's list
     * of extra hop-by-hop names read only when there is one.
     */
    static void copy(MultiMap from, MultiMap to) {
        String connection = from.get(HttpHeaders.CONNECTION);
        for (Map.Entry<String, String> header : from) {
            String name = header.getKey();
            if (!isHopByHop(name) && (connection == null || !namedIn(connection, name))) {
                to.add(name, header.getValue());
            }
        }
    }

    /** connection, keep-alive, proxy-authenticate, proxy-authorization, proxy-connection, te, trailer(s), transfer-encoding, upgrade. */
    static boolean isHopByHop(String name) {
        return switch (name.length()) {
            case 2 -> name.equalsIgnoreCase("te");
            case 7 -> name.equalsIgnoreCase("trailer") || name.equalsIgnoreCase("upgrade");
            case 8 -> name.equalsIgnoreCase("trailers");
            case 10 -> name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
            case 16 -> name.equalsIgnoreCase("proxy-connection");
            case 17 -> name.equalsIgnoreCase("transfer-encoding");
            case 18 -> name.equalsIgnoreCase("proxy-authenticate");
            case 19 -> name.equalsIgnoreCase("proxy-authorization");
            default -> false;
        };
    }

    /** Whether the comma-separated {@code Connection} value names {@code name} (case-insensitive, no allocation). */
    static boolean namedIn(String connection, String name) {
        int from = 0;
        while (from <= connection.length()) {
            int end = connection.indexOf(',', from);
            end = end < 0 ? connection.length() : end;
            int start = from;
            int stop = end;
            while (start < stop && Character.isWhitespace(connection.charAt(start))) {
                start++;
            }
            while (stop > start && Character.isWhitespace(connection.charAt(stop - 1))) {
                stop--;
            }
            if (stop - start == name.length() && connection.regionMatches(true, start, name, 0, name.length())) {
                return true;
            }
            from = end + 1;
        }
        return false;
    }
}
