package dev.rolloutlab.gateway.upstream;

import dev.rolloutlab.gateway.upstream.endpoints.PodEndpoint;
import java.net.URI;
import java.time.Instant;

/**
 * One upstream base URL and what the health checker last saw of it. In a cluster with endpoint
 * routing, one pod of a Service, with the conditions its EndpointSlice gives it.
 */
public final class UpstreamInstance {

    private final URI uri;
    private volatile boolean healthy = true;
    private volatile String problem;
    private volatile Instant checkedAt;
    private volatile String service;
    private volatile PodEndpoint endpoint;

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

    /** What stats and the UI call it: the pod's name, or the URL when it is no pod of a Service. */
    public String name() {
        PodEndpoint pod = endpoint;
        return pod != null ? pod.pod() : uri.toString();
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

    /** The Service this pod was found behind, or null. */
    public String service() {
        return service;
    }

    /** Its endpoint as the Service's EndpointSlices last told it, or null when it is no pod of a Service. */
    public PodEndpoint endpoint() {
        return endpoint;
    }

    /** Whether new requests may go to it: always, unless its endpoint is terminating or not ready. */
    boolean routable() {
        PodEndpoint pod = endpoint;
        return pod == null || pod.routable();
    }

    void checked(boolean healthy, String problem) {
        this.healthy = healthy;
        this.problem = problem;
        this.checkedAt = Instant.now();
    }

    void endpoint(String service, PodEndpoint endpoint) {
        this.service = service;
        this.endpoint = endpoint;
    }
}
