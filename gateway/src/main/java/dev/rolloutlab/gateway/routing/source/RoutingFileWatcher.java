package dev.rolloutlab.gateway.routing.source;

import dev.rolloutlab.gateway.settings.GatewayConfig;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Re-reads the routing file on a short period and offers any new content. Reading beats a
 * file watcher here: Kubernetes updates a mounted ConfigMap by swapping the {@code ..data}
 * symlink in the mount directory, which never touches the file's own path, so a watch on the
 * file misses it; following the path anew on every read sees the swap.
 */
@ApplicationScoped
public class RoutingFileWatcher {

    private static final Logger LOG = Logger.getLogger(RoutingFileWatcher.class);

    private final RoutingState state;
    private final GatewayConfig config;
    private final Vertx vertx;
    private String lastSeen;
    private boolean reportedMissing;

    RoutingFileWatcher(RoutingState state, GatewayConfig config, Vertx vertx) {
        this.state = state;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        poll();
        vertx.setPeriodic(config.routing().pollInterval().toMillis(), id -> vertx.executeBlocking(() -> {
            poll();
            return null;
        }, false));
    }

    synchronized void poll() {
        Path file = config.routing().file();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            if (!reportedMissing) {
                LOG.warnf("routing file %s does not exist (yet); waiting for it", file);
                reportedMissing = true;
            }
            return;
        } catch (IOException e) {
            LOG.warnf("cannot read routing file %s: %s", file, e.getMessage());
            return;
        }
        reportedMissing = false;
        if (!text.equals(lastSeen) && !state.usesApiSource()) {
            lastSeen = text;
            state.offer(text, "file " + file);
        }
    }
}
