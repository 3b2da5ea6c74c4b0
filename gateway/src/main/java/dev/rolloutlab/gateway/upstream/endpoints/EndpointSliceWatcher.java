package dev.rolloutlab.gateway.upstream.endpoints;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rolloutlab.gateway.settings.GatewayConfig;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * In a cluster ({@code gateway.upstream.endpoint-slices=true}): watches the EndpointSlices of the
 * gateway's namespace, so a group member that names a Service ({@link ServiceNames}) stands for
 * that Service's pods. The gateway then balances across pods itself, as ingress controllers do,
 * instead of handing every request to the Service IP: it sees which pod answered, sends nothing
 * new to a terminating pod, drains its connections, and retries on another pod.
 *
 * <p>When the API cannot be reached the last endpoints known stay in use; a Service resolves to
 * its own URL only while none were ever known. The informer's thread does all the work here:
 * requests only read the published map.
 */
@Singleton
public class EndpointSliceWatcher {

    private static final Logger LOG = Logger.getLogger(EndpointSliceWatcher.class);

    /**
     * What {@code /gateway/status} shows of the watch (the pods themselves are its instances, listed
     * by group: the namespace may hold Services no group names).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(String source, boolean watching, boolean synced, String problem, Instant changedAt) {
    }

    private final GatewayConfig config;
    private final Instance<KubernetesClient> client;
    private final AtomicLong version = new AtomicLong();
    private final List<Consumer<PodEndpoint>> leaving = new CopyOnWriteArrayList<>();
    private volatile Map<String, List<PodEndpoint>> byService = Map.of();
    /** Whether a whole list was ever read: before that, no Service's endpoints are known. */
    private volatile boolean synced;
    private volatile String problem;
    private volatile Instant changedAt;
    private SharedIndexInformer<EndpointSlice> informer;

    EndpointSliceWatcher(GatewayConfig config, Instance<KubernetesClient> client) {
        this.config = config;
        this.client = client;
    }

    /** Whether group members that name a Service are resolved to its pods. */
    public boolean enabled() {
        return config.upstream().endpointSlices();
    }

    /** Called with each endpoint that stops being routable (terminating, not ready, or gone). */
    public void onLeaving(Consumer<PodEndpoint> listener) {
        leaving.add(listener);
    }

    /** Changes with every change of any Service's endpoints: lets readers rebuild only when it moved. */
    public long version() {
        return version.get();
    }

    /**
     * The pods {@code member} stands for: empty when it is an address to call as it is, when
     * endpoint routing is off, or when no endpoints were ever read (then the Service URL serves).
     */
    public Optional<List<PodEndpoint>> pods(URI member) {
        if (!enabled() || !synced) {
            return Optional.empty();
        }
        return ServiceNames.of(member).map(service -> byService.getOrDefault(service, List.of()));
    }

    /** The watch as status shows it; null when endpoint routing is off. */
    public Status status() {
        if (!enabled()) {
            return null;
        }
        boolean watching = informer != null && informer.isWatching();
        String said = problem;
        if (said == null && !synced) {
            said = "no EndpointSlices read yet: each Service is called by its own URL meanwhile";
        } else if (said == null && !watching) {
            said = "the watch is down: the last endpoints known serve";
        }
        return new Status("EndpointSlices (Kubernetes API)", watching, synced, said, changedAt);
    }

    void start(@Observes StartupEvent event) {
        if (!enabled()) {
            return;
        }
        try {
            informer = client.get().resources(EndpointSlice.class).runnableInformer(0);
            informer.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(EndpointSlice slice) {
                    publish();
                }

                @Override
                public void onUpdate(EndpointSlice before, EndpointSlice after) {
                    publish();
                }

                @Override
                public void onDelete(EndpointSlice slice, boolean unknownFinalState) {
                    publish();
                }
            });
            // Keep trying, whatever failed: the last endpoints known serve meanwhile.
            informer.exceptionHandler((started, error) -> {
                problem = "cannot reach the Kubernetes API: " + error.getMessage();
                LOG.warnf("EndpointSlice watch: %s (retrying)", problem);
                return true;
            });
            informer.start().whenComplete((done, error) -> {
                if (error == null) {
                    problem = null;
                    synced = true;
                    publish();
                    LOG.infof("routing to pods: EndpointSlices of namespace %s read", client.get().getNamespace());
                }
            });
        } catch (RuntimeException e) {
            problem = "cannot watch EndpointSlices: " + e.getMessage();
            LOG.warnf("%s; group members that name a Service are called through the Service", problem);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
    }

    /** Rebuilds every Service's pods from the informer's cache and tells who left. */
    private synchronized void publish() {
        if (!synced) {
            return; // the initial list is still arriving: publish it whole, once
        }
        problem = null;
        Map<String, List<PodEndpoint>> next = informer.getStore().list().stream()
                .filter(slice -> EndpointSlices.serviceOf(slice).isPresent())
                .collect(Collectors.groupingBy(slice -> EndpointSlices.serviceOf(slice).get(), TreeMap::new,
                        Collectors.collectingAndThen(Collectors.toList(), EndpointSlices::pods)));
        Map<String, List<PodEndpoint>> before = byService;
        if (next.equals(before)) {
            return;
        }
        byService = Map.copyOf(next);
        changedAt = Instant.now();
        version.incrementAndGet();
        for (PodEndpoint gone : left(before, next)) {
            LOG.infof("pod %s (%s) is %s: no new requests, its connections drain", gone.pod(), gone.uri(), stateOf(next, gone));
            leaving.forEach(listener -> listener.accept(gone));
        }
    }

    /** Endpoints routable before and not now. */
    static List<PodEndpoint> left(Map<String, List<PodEndpoint>> before, Map<String, List<PodEndpoint>> after) {
        List<PodEndpoint> left = new ArrayList<>();
        before.forEach((service, pods) -> pods.stream().filter(PodEndpoint::routable).forEach(pod -> {
            boolean stillRoutable = after.getOrDefault(service, List.of()).stream()
                    .anyMatch(p -> p.routable() && p.uri().equals(pod.uri()));
            if (!stillRoutable) {
                left.add(pod);
            }
        }));
        return left;
    }

    /** Its state in {@code pods}, or "gone". */
    private static String stateOf(Map<String, List<PodEndpoint>> pods, PodEndpoint endpoint) {
        return pods.values().stream().flatMap(List::stream).filter(p -> p.uri().equals(endpoint.uri()))
                .map(PodEndpoint::state).findFirst().orElse("gone");
    }
}
