package dev.rolloutlab.gateway.routing.source;

import dev.rolloutlab.gateway.routing.InvalidRoutingConfigException;
import dev.rolloutlab.gateway.routing.Router;
import dev.rolloutlab.gateway.routing.RoutingConfig;
import dev.rolloutlab.gateway.routing.RoutingConfigParser;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * The routing config in effect, where it came from, and what was rejected. Every source (the
 * file, the Kubernetes API) hands its text to {@link #offer}; an invalid text never replaces
 * a valid one, and the same text offered again changes nothing (so two sources delivering one
 * change do not restart the weighted sequence).
 *
 * <p>What serves is the <em>effective</em> config: the text's own ("spec") config passed through
 * a shaper. A progressive rollout registers one ({@link #shapeWith}) and so decides, at the moment
 * a config is applied and whenever it calls {@link #reshape}, which weight or active side serves:
 * no request is ever routed with a weight the rollout did not decide.
 */
@Singleton
public class RoutingState {

    private static final Logger LOG = Logger.getLogger(RoutingState.class);
    private static final int RELOAD_LOG_SIZE = 20;

    /**
     * The config in effect.
     *
     * @param router routes by the effective config
     * @param spec the config as the text says it (a progressive rollout decides the weight of the effective one)
     */
    public record Active(Router router, RoutingConfig spec, String yaml, String source, Instant loadedAt) {
        /** The effective config: what requests are routed by. */
        public RoutingConfig config() {
            return router.config();
        }
    }

    /** One reload attempt, for the status endpoint and the UI's reload log. */
    public record Reload(Instant at, String source, boolean applied, List<String> problems) {
    }

    private final AtomicReference<Active> active = new AtomicReference<>();
    private final Deque<Reload> reloads = new ArrayDeque<>();
    private volatile Reload lastRejected;
    private volatile boolean apiSource;
    private volatile UnaryOperator<RoutingConfig> shaper = UnaryOperator.identity();

    /**
     * From now on every config applied serves as {@code shaper} makes it from the spec; the one
     * in effect is reshaped at once. Called with this object's lock held, so the shaper must not
     * wait for a thread that waits for this object.
     */
    public synchronized void shapeWith(UnaryOperator<RoutingConfig> shaper) {
        this.shaper = shaper;
        reshape();
    }

    /** Asks the shaper again for the config in effect (the rollout's weight changed). */
    public synchronized void reshape() {
        Active current = active.get();
        if (current == null) {
            return;
        }
        RoutingConfig effective = shaper.apply(current.spec());
        if (!effective.equals(current.config())) {
            active.set(new Active(new Router(effective), current.spec(), current.yaml(), current.source(),
                    current.loadedAt()));
            LOG.infof("routing reshaped by the rollout: %s", effective.configuredShares());
        }
    }

    /**
     * While the Kubernetes API delivers the ConfigMap, a mounted copy of it lags behind and
     * would roll a newer config back: the file is only a fallback then.
     */
    public void useApiSource(boolean apiSource) {
        this.apiSource = apiSource;
    }

    public boolean usesApiSource() {
        return apiSource;
    }

    public Optional<Active> active() {
        return Optional.ofNullable(active.get());
    }

    public Optional<Reload> lastRejected() {
        return Optional.ofNullable(lastRejected);
    }

    public synchronized List<Reload> reloads() {
        return List.copyOf(reloads);
    }

    /** Applies {@code yaml} from {@code source} if it is valid and new; returns whether it now serves. */
    public synchronized boolean offer(String yaml, String source) {
        Active current = active.get();
        if (current != null && current.yaml().equals(yaml)) {
            return true;
        }
        try {
            RoutingConfig config = RoutingConfigParser.parse(yaml);
            active.set(new Active(new Router(shaper.apply(config)), config, yaml, source, Instant.now()));
            record(new Reload(Instant.now(), source, true, List.of()));
            LOG.infof("routing config from %s applied: %s", source, active.get().config().configuredShares());
            return true;
        } catch (InvalidRoutingConfigException e) {
            Reload rejected = new Reload(Instant.now(), source, false, e.problems());
            if (lastRejected == null || !lastRejected.problems().equals(e.problems())) {
                record(rejected);
                LOG.warnf("routing config from %s rejected, %s keeps serving: %s", source,
                        current == null ? "nothing" : "the last good one", String.join("; ", e.problems()));
            }
            lastRejected = rejected;
            return false;
        }
    }

    /** Records a source that delivered no config text at all. */
    public synchronized void reject(String source, String problem) {
        lastRejected = new Reload(Instant.now(), source, false, List.of(problem));
        record(lastRejected);
        LOG.warnf("routing config from %s rejected: %s", source, problem);
    }

    private void record(Reload reload) {
        reloads.addFirst(reload);
        while (reloads.size() > RELOAD_LOG_SIZE) {
            reloads.removeLast();
        }
    }
}
