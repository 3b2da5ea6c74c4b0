package dev.rolloutlab.gateway.routing.source;

import dev.rolloutlab.gateway.settings.GatewayConfig;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import dev.rolloutlab.gateway.routing.InvalidRoutingConfigException;
import dev.rolloutlab.gateway.routing.RoutingConfigParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Offers the routing file's content whenever it changes. A watch on the file's directory notices
 * a change within milliseconds; a slow safety poll ({@code gateway.routing.poll-interval}) covers
 * what the watch cannot see (a network filesystem, a JDK whose watch service itself polls, a
 * file that is a symlink into another directory) and sets the watch up again when it ended.
 *
 * <p>The directory, not the file: the CLI replaces the file by a rename, and the kubelet updates
 * a mounted ConfigMap by swapping the {@code ..data} symlink beside it. Neither touches the old
 * file, and both change an entry of the directory. Every read follows the path anew, so it gets
 * what the path names now.
 */
@ApplicationScoped
public class RoutingFileWatcher {

    private static final Logger LOG = Logger.getLogger(RoutingFileWatcher.class);

    private final RoutingState state;
    private final GatewayConfig config;
    private final Vertx vertx;
    private String lastSeen;
    /** The problem of the last file that could not even be read as text (too large, not UTF-8). */
    private String lastUnreadable;
    private boolean reportedMissing;
    private boolean reportedUnwatched;
    private DirectoryWatch watch;

    RoutingFileWatcher(RoutingState state, GatewayConfig config, Vertx vertx) {
        this.state = state;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        watchDirectory();
        poll();
        vertx.setPeriodic(config.routing().pollInterval().toMillis(), id -> vertx.executeBlocking(() -> {
            watchDirectory();
            poll();
            return null;
        }, false));
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        if (watch != null) {
            watch.close();
        }
    }

    /** The safety poll: reads the file and offers it if it changed. */
    synchronized void poll() {
        read().ifPresent(this::offerIfNew);
    }

    /**
     * The watch saw the directory change. A file rewritten in place is empty for a moment between
     * its truncation and the write, and the watch can see that moment: an empty file is left to
     * the next poll, which offers (and so rejects) it only if it stayed empty.
     */
    private synchronized void changed() {
        try {
            read().filter(text -> !text.isEmpty()).ifPresent(this::offerIfNew);
        } catch (RuntimeException e) {
            LOG.warnf(e, "routing file %s changed but could not be applied", config.routing().file());
        }
    }

    private synchronized void watchDirectory() {
        if (watch != null && watch.active()) {
            return;
        }
        Path file = config.routing().file().toAbsolutePath();
        Path name = file.getFileName();
        try {
            // The file itself (a rename over it, a rewrite), or the ..data symlink a kubelet swaps
            // in a ConfigMap mount, where the file is a link through it.
            watch = DirectoryWatch.start(file.getParent(), entry -> entry.equals(name) || entry.toString().equals("..data"),
                    this::changed);
            reportedUnwatched = false;
            LOG.debugf("watching %s for changes to the routing file", file.getParent());
        } catch (IOException | RuntimeException e) {
            if (!reportedUnwatched) {
                LOG.infof("cannot watch %s (%s); the routing file is re-read every %s", file.getParent(), e,
                        config.routing().pollInterval());
                reportedUnwatched = true;
            }
        }
    }

    private Optional<String> read() {
        Path file = config.routing().file();
        try {
            byte[] bytes = readAtMostTheLimit(file);
            reportedMissing = false;
            return Optional.of(RoutingConfigParser.decode(bytes));
        } catch (InvalidRoutingConfigException e) {
            // Too large or not UTF-8: a rejection like any bad config, reported once per problem.
            String problem = String.join("; ", e.problems());
            if (!problem.equals(lastUnreadable) && !state.usesApiSource()) {
                lastUnreadable = problem;
                lastSeen = null;
                state.reject("file " + file, problem);
            }
        } catch (NoSuchFileException e) {
            if (!reportedMissing) {
                LOG.warnf("routing file %s does not exist (yet); waiting for it", file);
                reportedMissing = true;
            }
        } catch (IOException e) {
            LOG.warnf("cannot read routing file %s: %s", file, e.getMessage());
        }
        return Optional.empty();
    }

    /** The file's bytes, read no further than one byte past the limit: a huge file is refused, not loaded. */
    private static byte[] readAtMostTheLimit(Path file) throws IOException, InvalidRoutingConfigException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(RoutingConfigParser.MAX_BYTES + 1);
            if (bytes.length > RoutingConfigParser.MAX_BYTES) {
                RoutingConfigParser.checkSize(Math.max(bytes.length, Files.size(file)));
            }
            return bytes;
        }
    }

    private void offerIfNew(String text) {
        lastUnreadable = null;
        if (!text.equals(lastSeen) && !state.usesApiSource()) {
            lastSeen = text;
            state.offer(text, "file " + config.routing().file());
        }
    }
}
