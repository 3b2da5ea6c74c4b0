package dev.rolloutlab.gateway.upstream.endpoints;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Service's pods out of its EndpointSlices, as ingress controllers do: no I/O, no state.
 * A Service may have several slices, and an address may show up in two of them for a moment
 * while the endpoint controller moves it: the first one seen wins.
 */
public final class EndpointSlices {

    /** The label the endpoint controller puts on every slice of a Service. */
    public static final String SERVICE_LABEL = "kubernetes.io/service-name";
    /** The port the gateway uses when a slice lists several: the one named like the chart's container port. */
    static final String PORT_NAME = "http";

    private EndpointSlices() {
    }

    /** The Service a slice belongs to, when it says. */
    public static Optional<String> serviceOf(EndpointSlice slice) {
        Map<String, String> labels = slice.getMetadata() == null ? null : slice.getMetadata().getLabels();
        return Optional.ofNullable(labels == null ? null : labels.get(SERVICE_LABEL));
    }

    /**
     * The pods of {@code slices} (all of one Service), sorted by pod name. Slices of another
     * address type than IPv4/IPv6 (FQDN), and slices with no usable port, are left out.
     */
    public static List<PodEndpoint> pods(Collection<EndpointSlice> slices) {
        Map<String, PodEndpoint> byAddress = new LinkedHashMap<>();
        for (EndpointSlice slice : slices) {
            if ("FQDN".equals(slice.getAddressType())) {
                continue;
            }
            Integer port = port(slice.getPorts());
            if (port == null || slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint endpoint : slice.getEndpoints()) {
                if (endpoint.getAddresses() == null || endpoint.getAddresses().isEmpty()) {
                    continue;
                }
                // Kubernetes uses only the first address of an endpoint; the others are not balanced to.
                String address = endpoint.getAddresses().get(0);
                byAddress.putIfAbsent(address + ":" + port, endpoint(endpoint, address, port));
            }
        }
        List<PodEndpoint> pods = new ArrayList<>(byAddress.values());
        pods.sort(Comparator.comparing(PodEndpoint::pod).thenComparing(PodEndpoint::address));
        return List.copyOf(pods);
    }

    private static PodEndpoint endpoint(Endpoint endpoint, String address, int port) {
        EndpointConditions conditions = endpoint.getConditions();
        // The API's defaults: a nil ready means ready, a nil serving follows ready, a nil terminating is false.
        boolean ready = conditions == null || conditions.getReady() == null || conditions.getReady();
        boolean serving = conditions == null || conditions.getServing() == null ? ready : conditions.getServing();
        boolean terminating = conditions != null && Boolean.TRUE.equals(conditions.getTerminating());
        String pod = endpoint.getTargetRef() != null && endpoint.getTargetRef().getName() != null
                ? endpoint.getTargetRef().getName() : address;
        return new PodEndpoint(pod, address, port, ready, serving, terminating, endpoint.getNodeName());
    }

    /**
     * The slice's one port, or the one named {@value #PORT_NAME} when it lists several (a Service
     * with more ports than the app's HTTP one): a slice names target ports only, so the Service
     * port in the routing file cannot pick among them.
     */
    private static Integer port(List<EndpointPort> ports) {
        if (ports == null || ports.isEmpty()) {
            return null;
        }
        if (ports.size() == 1) {
            return ports.get(0).getPort();
        }
        return ports.stream().filter(p -> PORT_NAME.equals(p.getName())).map(EndpointPort::getPort).findFirst().orElse(null);
    }
}
