package dev.rolloutlab.gateway.upstream;

import dev.rolloutlab.gateway.settings.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * Asks every instance's {@code /q/health/ready} on a short period, so the proxy stops picking an
 * instance that is draining (readiness DOWN during graceful shutdown) before it goes away.
 */
@ApplicationScoped
public class HealthChecker {

    static final String READY_PATH = "/q/health/ready";

    private final Upstreams upstreams;
    private final GatewayConfig config;
    private final Vertx vertx;
    private HttpClient client;

    HealthChecker(Upstreams upstreams, GatewayConfig config, Vertx vertx) {
        this.upstreams = upstreams;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        long timeout = config.upstream().healthInterval().toMillis();
        client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeout).setKeepAlive(false));
        vertx.setPeriodic(timeout, id -> checkAll(timeout));
    }

    private void checkAll(long timeout) {
        upstreams.all().values().stream().flatMap(List::stream).distinct().forEach(instance -> client
                .request(new RequestOptions().setMethod(HttpMethod.GET).setHost(instance.host()).setPort(instance.port())
                        .setSsl(instance.ssl()).setURI(READY_PATH).setTimeout(timeout))
                .compose(request -> request.send())
                .onSuccess(response -> {
                    response.body();
                    instance.checked(response.statusCode() == 200,
                            response.statusCode() == 200 ? null : "readiness answered " + response.statusCode());
                })
                .onFailure(error -> instance.checked(false, error.getMessage())));
    }
}
