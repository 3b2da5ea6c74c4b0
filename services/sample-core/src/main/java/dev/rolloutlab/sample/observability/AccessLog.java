package dev.rolloutlab.sample.observability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolloutlab.sample.identity.PodInfo;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * One JSON line per request on the {@value #CATEGORY} logger. The logging config sends that
 * category to the console and to a size-rotated file on the scratch emptyDir, which the log
 * sidecar streams. Probe and metrics requests ({@code /q/...}) are left out: they would drown
 * the lines a learner wants to see.
 */
@ApplicationScoped
public class AccessLog {

    public static final String CATEGORY = "rollout.access";
    private static final Logger LOG = Logger.getLogger(CATEGORY);

    private final ObjectMapper json;
    private final PodInfo pod;
    private final String version;

    AccessLog(ObjectMapper json, PodInfo pod,
            @ConfigProperty(name = "quarkus.application.version") String version) {
        this.json = json;
        this.pod = pod;
        this.version = version;
    }

    void register(@Observes Filters filters) {
        filters.register(this::log, 100);
    }

    private void log(RoutingContext rc) {
        if (rc.normalizedPath().startsWith("/q/")) {
            rc.next();
            return;
        }
        long start = System.nanoTime();
        rc.addEndHandler(done -> LOG.info(line(rc, (System.nanoTime() - start) / 1_000_000.0)));
        rc.next();
    }

    private String line(RoutingContext rc, double millis) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("time", Instant.now().toString());
        entry.put("version", version);
        entry.put("pod", pod.pod());
        entry.put("method", rc.request().method().name());
        entry.put("path", rc.request().path());
        entry.put("status", rc.response().getStatusCode());
        entry.put("millis", Math.round(millis * 10) / 10.0);
        try {
            return json.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            return "{\"error\":\"access log entry not serializable\"}";
        }
    }
}
