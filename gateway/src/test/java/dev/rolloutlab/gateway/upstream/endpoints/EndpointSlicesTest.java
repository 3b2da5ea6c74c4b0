package dev.rolloutlab.gateway.upstream.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Service's pods read out of its EndpointSlices, as the endpoint controller writes them. */
class EndpointSlicesTest {

    private static EndpointSliceBuilder slice(String name, String... portNames) {
        EndpointSliceBuilder slice = new EndpointSliceBuilder().withNewMetadata().withName(name)
                .addToLabels(EndpointSlices.SERVICE_LABEL, "rl-sample").endMetadata().withAddressType("IPv4");
        int port = 8080;
        for (String portName : portNames) {
            slice.addNewPort().withName(portName).withPort(port++).withProtocol("TCP").endPort();
        }
        return slice;
    }

    private static EndpointBuilder endpoint(String pod, String ip) {
        return new EndpointBuilder().withAddresses(ip).withNewTargetRef().withKind("Pod").withName(pod).endTargetRef()
                .withNodeName("worker");
    }

    @Test
    void eachEndpointIsAPodWithItsConditionsSortedByName() {
        EndpointSlice slice = slice("rl-sample-abc", "http")
                .addToEndpoints(endpoint("rl-sample-2", "10.244.1.7").withNewConditions().withReady(false)
                        .withServing(true).withTerminating(true).endConditions().build())
                .addToEndpoints(endpoint("rl-sample-1", "10.244.2.3").withNewConditions().withReady(true).endConditions().build())
                .build();
        assertThat(EndpointSlices.pods(List.of(slice))).containsExactly(
                new PodEndpoint("rl-sample-1", "10.244.2.3", 8080, true, true, false, "worker"),
                new PodEndpoint("rl-sample-2", "10.244.1.7", 8080, false, true, true, "worker"));
    }

    @Test
    void missingConditionsMeanWhatTheApiSaysTheyMean() {
        // ready: nil means ready; serving: nil follows ready; terminating: nil is false.
        EndpointSlice slice = slice("s", "http").addToEndpoints(endpoint("p", "10.0.0.1").build()).build();
        PodEndpoint pod = EndpointSlices.pods(List.of(slice)).get(0);
        assertThat(pod.ready()).isTrue();
        assertThat(pod.serving()).isTrue();
        assertThat(pod.terminating()).isFalse();
        assertThat(pod.routable()).isTrue();
        assertThat(pod.state()).isEqualTo("ready");
    }

    @Test
    void onlyReadyAndNotTerminatingIsRoutable() {
        assertThat(new PodEndpoint("p", "10.0.0.1", 80, true, true, false, null).routable()).isTrue();
        assertThat(new PodEndpoint("p", "10.0.0.1", 80, false, true, true, null).routable()).isFalse();
        assertThat(new PodEndpoint("p", "10.0.0.1", 80, false, true, true, null).state()).isEqualTo("terminating");
        assertThat(new PodEndpoint("p", "10.0.0.1", 80, false, false, false, null).routable()).isFalse();
        assertThat(new PodEndpoint("p", "10.0.0.1", 80, false, false, false, null).state()).isEqualTo("not ready");
    }

    @Test
    void anAddressInTwoSlicesIsOnePodAndSlicesOfOneServiceAddUp() {
        EndpointSlice first = slice("a", "http").addToEndpoints(endpoint("p1", "10.0.0.1").build())
                .addToEndpoints(endpoint("p2", "10.0.0.2").build()).build();
        EndpointSlice second = slice("b", "http").addToEndpoints(endpoint("p2", "10.0.0.2").build())
                .addToEndpoints(endpoint("p3", "10.0.0.3").build()).build();
        assertThat(EndpointSlices.pods(List.of(first, second))).extracting(PodEndpoint::pod).containsExactly("p1", "p2", "p3");
    }

    @Test
    void withSeveralPortsTheOneNamedHttpIsUsedAndWithoutItTheSliceIsLeftOut() {
        EndpointSlice named = slice("a", "metrics", "http").addToEndpoints(endpoint("p1", "10.0.0.1").build()).build();
        assertThat(EndpointSlices.pods(List.of(named))).extracting(PodEndpoint::port).containsExactly(8081);
        EndpointSlice unnamed = slice("b", "grpc", "admin").addToEndpoints(endpoint("p2", "10.0.0.2").build()).build();
        assertThat(EndpointSlices.pods(List.of(unnamed))).isEmpty();
        EndpointSlice noPorts = slice("c").addToEndpoints(endpoint("p3", "10.0.0.3").build()).build();
        assertThat(EndpointSlices.pods(List.of(noPorts))).isEmpty();
    }

    @Test
    void fqdnSlicesAndEndpointsWithoutAnAddressAreLeftOut() {
        EndpointSlice fqdn = slice("a", "http").withAddressType("FQDN").addToEndpoints(endpoint("p1", "db.example.com").build()).build();
        EndpointSlice empty = slice("b", "http").addToEndpoints(new EndpointBuilder().build()).build();
        assertThat(EndpointSlices.pods(List.of(fqdn, empty))).isEmpty();
    }

    @Test
    void aPodWithoutTargetRefIsNamedByItsAddressAndIpv6IsBracketed() {
        EndpointSlice slice = slice("a", "http").withAddressType("IPv6")
                .addToEndpoints(new EndpointBuilder().withAddresses("fd00::5").build()).build();
        PodEndpoint pod = EndpointSlices.pods(List.of(slice)).get(0);
        assertThat(pod.pod()).isEqualTo("fd00::5");
        assertThat(pod.uri()).isEqualTo(URI.create("http://[fd00::5]:8080"));
    }

    @Test
    void theServiceIsTheSlicesLabel() {
        assertThat(EndpointSlices.serviceOf(slice("a", "http").build())).contains("rl-sample");
        assertThat(EndpointSlices.serviceOf(new EndpointSliceBuilder().withNewMetadata().withName("x").endMetadata().build())).isEmpty();
    }

    @Test
    void onlyBareDnsLabelsOverHttpNameAService() {
        assertThat(ServiceNames.of(URI.create("http://rl-sample-stable:80"))).contains("rl-sample-stable");
        assertThat(ServiceNames.of(URI.create("http://sample"))).contains("sample");
        assertThat(ServiceNames.of(URI.create("http://127.0.0.1:8081"))).isEmpty();
        assertThat(ServiceNames.of(URI.create("http://localhost:8081"))).isEmpty();
        assertThat(ServiceNames.of(URI.create("http://sample.other-namespace:80"))).isEmpty();
        assertThat(ServiceNames.of(URI.create("http://sample.example.com"))).isEmpty();
        assertThat(ServiceNames.of(URI.create("https://sample:443"))).isEmpty();
        assertThat(ServiceNames.of(URI.create("http://[::1]:80"))).isEmpty();
    }

    @Test
    void aPodLeavesWhenItStopsBeingRoutableOrIsGone() {
        PodEndpoint a = new PodEndpoint("a", "10.0.0.1", 8080, true, true, false, null);
        PodEndpoint b = new PodEndpoint("b", "10.0.0.2", 8080, true, true, false, null);
        PodEndpoint c = new PodEndpoint("c", "10.0.0.3", 8080, true, true, false, null);
        PodEndpoint bTerminating = new PodEndpoint("b", "10.0.0.2", 8080, false, true, true, null);
        PodEndpoint notReadyYet = new PodEndpoint("d", "10.0.0.4", 8080, false, false, false, null);
        Map<String, List<PodEndpoint>> before = Map.of("s", List.of(a, b, c));
        Map<String, List<PodEndpoint>> after = Map.of("s", List.of(a, bTerminating, notReadyYet));
        assertThat(EndpointSliceWatcher.left(before, after)).containsExactly(b, c);
        assertThat(EndpointSliceWatcher.left(after, before)).isEmpty(); // joining is no leaving
        assertThat(EndpointSliceWatcher.left(before, Map.of())).containsExactly(a, b, c);
    }
}
