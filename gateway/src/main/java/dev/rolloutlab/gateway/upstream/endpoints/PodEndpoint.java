package dev.rolloutlab.gateway.upstream.endpoints;

import java.net.URI;

/**
 * One address of a Service as its EndpointSlices tell it: a pod, where it listens, and the
 * conditions the endpoint controller keeps (ready, serving, terminating).
 *
 * @param pod the pod's name (the endpoint's {@code targetRef}), or the address when it names none
 * @param node the node it runs on, or null
 */
public record PodEndpoint(String pod, String address, int port, boolean ready, boolean serving, boolean terminating,
        String node) {

    /** Where the gateway sends requests for this pod. IPv6 addresses are bracketed. */
    public URI uri() {
        String host = address.indexOf(':') >= 0 ? "[" + address + "]" : address;
        return URI.create("http://" + host + ":" + port);
    }

    /**
     * Whether it gets new requests: ready and not terminating. A terminating pod finishes what it
     * has and gets nothing new, even while it still serves (its shutdown delay).
     */
    public boolean routable() {
        return ready && !terminating;
    }

    /** The word status and the UI show: ready, terminating or not ready. */
    public String state() {
        return terminating ? "terminating" : ready ? "ready" : "not ready";
    }
}
