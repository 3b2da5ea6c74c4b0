package dev.rolloutlab.gateway.progressive;

import dev.rolloutlab.gateway.progressive.meter.IntervalMeter;
import dev.rolloutlab.gateway.progressive.plan.Probe;
import dev.rolloutlab.gateway.settings.GatewayConfig;
import dev.rolloutlab.gateway.upstream.UpstreamClients;
import dev.rolloutlab.gateway.upstream.UpstreamInstance;
import dev.rolloutlab.gateway.upstream.Upstreams;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.inject.Singleton;
import java.util.Objects;
import java.util.Set;

/**
 * The gateway's own requests to the candidate group, {@code rate} per second of
 * {@code GET <path>} with {@value #HEADER}{@code : 1}, straight to its instances: a blue/green
 * preview (or a canary nobody uses yet) gets judged on real answers. They count in the interval
 * numbers only, not in the stats, the event stream or {@code gateway_requests}.
 */
@Singleton
public class ProbeTraffic {

    public static final String HEADER = "X-Rollout-Probe";

    private final Vertx vertx;
    private final Upstreams upstreams;
    private final UpstreamClients clients;
    private final IntervalMeter meter;
    private final RolloutMetrics metrics;
    private final GatewayConfig config;
    private long timer = -1;
    private String group;
    private Probe probe;

    ProbeTraffic(Vertx vertx, Upstreams upstreams, UpstreamClients clients, IntervalMeter meter, RolloutMetrics metrics,
            GatewayConfig config) {
        this.vertx = vertx;
        this.upstreams = upstreams;
        this.clients = clients;
        this.meter = meter;
        this.metrics = metrics;
        this.config = config;
    }

    /** Probes {@code group} as {@code probe} says from now on; a null probe or rate 0 stops probing. */
    synchronized void probe(String group, Probe probe) {
        Probe wanted = probe == null || probe.rate() <= 0 ? null : probe;
        if (Objects.equals(this.group, group) && Objects.equals(this.probe, wanted)) {
            return;
        }
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        this.group = group;
        this.probe = wanted;
        if (wanted != null) {
            timer = vertx.setPeriodic(Math.max(1, 1000 / wanted.rate()), id -> send(group, wanted.path()));
        }
    }

    /** Stops probing. */
    void stop() {
        probe(null, null);
    }

    private void send(String group, String path) {
        metrics.probed();
        long start = System.nanoTime();
        UpstreamInstance instance = upstreams.pick(group, Set.of());
        if (instance == null) {
            meter.record(group, 502, null, 0);
            return;
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(instance.host())
                .setPort(instance.port()).setSsl(instance.ssl()).setURI(path)
                .setIdleTimeout(config.upstream().responseTimeout().toMillis())
                .putHeader(HEADER, "1").putHeader("Host", instance.uri().getAuthority());
        clients.current().request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> response.statusCode()))
                .onComplete(done -> meter.record(group, done.succeeded() ? done.result() : 502, null,
                        System.nanoTime() - start));
    }
}
