package dev.rolloutlab.gateway.upstream;

import java.net.URI;
import java.time.Instant;

/** One upstream base URL and what the health checker last saw of it. */
public final class UpstreamInstance {

    private final URI uri;
    private volatile boolean healthy = true;
    private volatile String problem;
    private volatile Instant checkedAt;

    UpstreamInstance(URI uri) {
        this.uri = uri;
    }

    public URI uri() {
        return uri;
    }

    public String host() {
        return uri.getHost();
    }

    public boolean ssl() {
        return "https".equals(uri.getScheme());
    }

    public int port() {
        return uri.getPort() > 0 ? uri.getPort() : ssl() ? 443 : 80;
    }

    public boolean healthy() {
        return healthy;
    }

    public String problem() {
        return problem;
    }

    public Instant checkedAt() {
        return checkedAt;
    }

    void checked(boolean healthy, String problem) {
        this.healthy = healthy;
        this.problem = problem;
        this.checkedAt = Instant.now();
    }
}
