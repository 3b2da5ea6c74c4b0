package dev.rolloutlab.gateway.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;

/**
 * A gateway as the chart runs it in a cluster, routing to pods: group members that name a
 * Service are resolved through the EndpointSlices a test's Kubernetes mock server serves.
 */
public class EndpointRoutingProfile implements QuarkusTestProfile {

    /** This profile's routing file. */
    public static final Path ROUTING = Path.of("target/endpoint-routing.yaml");

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gateway.upstream.endpoint-slices", "true",
                "gateway.routing.file", ROUTING.toString());
    }
}
