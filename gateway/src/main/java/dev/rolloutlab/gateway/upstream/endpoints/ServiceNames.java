package dev.rolloutlab.gateway.upstream.endpoints;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which group members name a Service of the gateway's own namespace: {@code http://NAME:PORT}
 * with NAME a bare DNS label (no dot, as the chart writes them). An IP address, {@code localhost}
 * or a dotted name is an address to call as it is.
 */
public final class ServiceNames {

    private static final Pattern LABEL = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");

    private ServiceNames() {
    }

    public static Optional<String> of(URI member) {
        String host = member.getHost();
        if (host == null || "localhost".equals(host) || !"http".equals(member.getScheme())
                || !LABEL.matcher(host).matches()) {
            return Optional.empty();
        }
        return Optional.of(host);
    }
}
