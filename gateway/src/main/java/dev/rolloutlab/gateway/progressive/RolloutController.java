package dev.rolloutlab.gateway.progressive;

import dev.rolloutlab.gateway.progressive.decision.Command;
import dev.rolloutlab.gateway.progressive.decision.CommandRefusedException;
import dev.rolloutlab.gateway.progressive.decision.IntervalReport;
import dev.rolloutlab.gateway.progressive.decision.Judge;
import dev.rolloutlab.gateway.progressive.decision.Phase;
import dev.rolloutlab.gateway.progressive.decision.RolloutEvent;
import dev.rolloutlab.gateway.progressive.decision.RolloutMachine;
import dev.rolloutlab.gateway.progressive.decision.RolloutState;
import dev.rolloutlab.gateway.progressive.decision.Transition;
import dev.rolloutlab.gateway.progressive.meter.GroupCounts;
import dev.rolloutlab.gateway.progressive.meter.IntervalMeter;
import dev.rolloutlab.gateway.progressive.plan.Kind;
import dev.rolloutlab.gateway.progressive.plan.Plan;
import dev.rolloutlab.gateway.progressive.state.RolloutStore;
import dev.rolloutlab.gateway.routing.RoutingConfig;
import dev.rolloutlab.gateway.routing.Strategy;
import dev.rolloutlab.gateway.routing.source.RoutingState;
import dev.rolloutlab.gateway.settings.GatewayConfig;
import dev.rolloutlab.gateway.upstream.UpstreamInstance;
import dev.rolloutlab.gateway.upstream.Upstreams;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Runs a progressive rollout: the only place with a clock, I/O and side effects around the pure
 * {@link RolloutMachine}. On every tick ({@code gateway.rollout.tick}) it tells the machine the
 * time and the candidate's health, judges each finished interval with {@link Judge} over the
 * {@link IntervalMeter}'s numbers, and applies what comes back: the effective weight (through
 * {@link RoutingState}'s shaper, so routing and rollout never disagree), the persisted state
 * (after every change), the events and the metrics.
 *
 * <p>Locks: {@link RoutingState} calls {@link #shape} holding its own lock, so this class never
 * calls into RoutingState while holding its lock: it decides under its lock, then reshapes.
 */
@Singleton
public class RolloutController {

    private static final Logger LOG = Logger.getLogger(RolloutController.class);

    private final RoutingState routing;
    private final Upstreams upstreams;
    private final IntervalMeter meter;
    private final RolloutStore store;
    private final ProbeTraffic probes;
    private final RolloutMetrics metrics;
    private final GatewayConfig config;
    private final Vertx vertx;
    private final LongSupplier clock = System::currentTimeMillis;
    private final BroadcastProcessor<RolloutEvent> stream = BroadcastProcessor.create();
    private final AtomicBoolean ticking = new AtomicBoolean();

    /** The spec config last applied, and its plan (null: no progressive block for the strategy in effect). */
    private RoutingConfig spec;
    private Plan plan;
    /** Null until the persisted state was read and a first config applied. */
    private RolloutState state;
    private volatile boolean stateRead;
    /** The config in effect has a progressive block (readable without the lock, for readiness). */
    private volatile boolean planned;
    /** What was read from the store, until the first config decides between resuming it and starting over. */
    private RolloutState persisted;
    /** A problem reading the store, told as an event once there is a state to attach it to. */
    private String unreadableNotice;
    /** The store failed last time: told once, not on every tick it fails again. */
    private boolean storeFailing;
    /** The latest state is not written yet: tried again on every tick. */
    private boolean unpersisted;
    /** Both groups' counts when the current interval began. */
    private GroupCounts candidateMark = GroupCounts.ZERO;
    private GroupCounts baselineMark = GroupCounts.ZERO;
    private long timer = -1;

    RolloutController(RoutingState routing, Upstreams upstreams, IntervalMeter meter, RolloutStore store,
            ProbeTraffic probes, RolloutMetrics metrics, GatewayConfig config, Vertx vertx) {
        this.routing = routing;
        this.upstreams = upstreams;
        this.meter = meter;
        this.store = store;
        this.probes = probes;
        this.metrics = metrics;
        this.config = config;
        this.vertx = vertx;
    }

    /** Before the routing sources start: read the state, then shape every config from the first on. */
    void start(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) StartupEvent event) {
        synchronized (this) {
            readPersisted();
        }
        routing.shapeWith(this::shape);
        timer = vertx.setPeriodic(config.rollout().tick().toMillis(), id -> {
            if (ticking.compareAndSet(false, true)) {
                vertx.executeBlocking(() -> {
                    try {
                        tick();
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "rollout tick failed; the next one tries again");
                    } finally {
                        ticking.set(false);
                    }
                    return null;
                }, false);
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
        probes.stop();
    }

    /**
     * Whether the gateway may take traffic as far as the rollout goes: the persisted state was read
     * (or there was none), or no progressive rollout is configured, so there is nothing to resume
     * (a gateway without auto must not depend on reaching its state store).
     */
    public boolean ready() {
        return stateRead || !planned;
    }

    /** The rollout as {@code GET /gateway/rollout} shows it. */
    public synchronized RolloutView view() {
        return RolloutView.of(spec, plan, state, effectiveWeight(), clock.getAsLong());
    }

    /** Every rollout event from now on. */
    public Multi<RolloutEvent> events() {
        return stream.onOverflow().drop();
    }

    /** An operator's command; the new weight serves from the next request. */
    public RolloutView command(Command command) throws CommandRefusedException {
        synchronized (this) {
            if (plan == null || state == null || state.phase() == Phase.IDLE) {
                throw new CommandRefusedException(plan != null && state == null
                        ? "the rollout state is not read yet; try again in a moment"
                        : "no progressive rollout: the routing file has no progressive block for its strategy");
            }
            apply(RolloutMachine.command(state, plan, command, clock.getAsLong()));
        }
        routing.reshape();
        return view();
    }

    /**
     * The shaper {@link RoutingState} asks whenever a config is applied or reshaped: adopts the
     * spec's plan (a new revision starts over, the same one goes on) and answers the config that
     * serves. Called with RoutingState's lock held.
     */
    synchronized RoutingConfig shape(RoutingConfig spec) {
        try {
            long now = clock.getAsLong();
            Plan next = planOf(spec);
            RolloutState current = state;
            this.spec = spec;
            this.plan = next;
            this.planned = next != null;
            if (stateRead) {
                apply(current == null ? first(next, now) : RolloutMachine.adopt(current, next, now));
            }
            return effective(spec);
        } catch (RuntimeException e) {
            LOG.errorf(e, "progressive rollout failed to decide on a config; the candidate gets nothing until it does");
            return safe(spec);
        }
    }

    /** One tick: health, time and, when an interval ended, its verdict. */
    void tick() {
        boolean reshape;
        synchronized (this) {
            int before = effectiveWeight();
            if (!stateRead) {
                // Once read, reshaping adopts the config in effect with what was read.
                reshape = readPersisted();
            } else {
                step(clock.getAsLong());
                reshape = before != effectiveWeight();
            }
            if (unpersisted) {
                persist();
            }
        }
        if (reshape) {
            routing.reshape();
        }
    }

    private void step(long now) {
        if (state == null || plan == null || state.phase() == Phase.IDLE) {
            probes.stop();
            return;
        }
        apply(RolloutMachine.tick(state, plan, now, healthy(plan.candidate())));
        boolean judging = state.phase() == Phase.PROGRESSING || state.phase() == Phase.PAUSED;
        if (!judging || state.nextVerdictAt() == 0 || now < state.warmUpUntil()) {
            // No interval runs: numbers until now belong to none (warm-up numbers are discarded).
            mark();
        } else if (RolloutMachine.verdictDue(state, now)) {
            GroupCounts candidate = meter.read(plan.candidate());
            GroupCounts baseline = meter.read(plan.baseline());
            IntervalReport report = Judge.judge(plan.analysis(), candidate.minus(candidateMark).numbers(plan.candidate()),
                    baseline.minus(baselineMark).numbers(plan.baseline()), now, state.step(), state.weight());
            candidateMark = candidate;
            baselineMark = baseline;
            metrics.judged(report.verdict());
            apply(RolloutMachine.verdict(state, plan, report, now));
        }
        boolean probing = state.phase() == Phase.PROGRESSING || state.phase() == Phase.PAUSED
                || state.phase() == Phase.STARTING;
        probes.probe(plan.candidate(), probing ? plan.probe() : null);
    }

    private void mark() {
        candidateMark = meter.read(plan.candidate());
        baselineMark = meter.read(plan.baseline());
    }

    /** The first config after the state was read: resume the persisted rollout if it is this one, else adopt. */
    private Transition first(Plan next, long now) {
        RolloutState previous = persisted;
        persisted = null;
        // Resumes the persisted rollout when the plan is the same one; the machine adopts the plan otherwise.
        Transition transition = RolloutMachine.resumeAfterRestart(previous != null ? previous : RolloutMachine.idle(),
                next, now);
        if (unreadableNotice != null) {
            RolloutState s = transition.state();
            RolloutEvent notice = new RolloutEvent(now, "state-unreadable", s.phase(), s.step(), s.weight(), unreadableNotice);
            List<RolloutEvent> events = new ArrayList<>(transition.events());
            events.add(notice);
            transition = new Transition(withEvent(s, notice), events);
            unreadableNotice = null;
        }
        return transition;
    }

    /** Reads the store; false while it cannot be reached (tried again on the next tick). */
    private boolean readPersisted() {
        try {
            persisted = store.read().orElse(null);
            stateRead = true;
            LOG.infof("rollout state read from %s: %s", store.describe(),
                    persisted == null ? "none" : persisted.phase().key() + " of revision " + persisted.revision());
        } catch (RolloutStore.UnreadableStateException e) {
            LOG.errorf("%s", e.getMessage());
            unreadableNotice = e.getMessage();
            persisted = null;
            stateRead = true;
        } catch (IOException | RuntimeException e) {
            if (!storeFailing) {
                LOG.warnf("cannot read the rollout state from %s yet (%s); not ready until it can", store.describe(),
                        e.getMessage());
                storeFailing = true;
            }
            return false;
        }
        storeFailing = false;
        return true;
    }

    /** Takes a transition: state, events, metrics, persistence. */
    private void apply(Transition transition) {
        RolloutState next = transition.state();
        boolean changed = !next.equals(state);
        state = next;
        for (RolloutEvent event : transition.events()) {
            LOG.infof("rollout %s: %s", event.type(), event.message());
            stream.onNext(event);
        }
        metrics.show(state, effectiveWeight());
        if (changed) {
            persist();
        }
    }

    private void persist() {
        try {
            store.write(state);
            unpersisted = false;
            if (storeFailing) {
                LOG.infof("rollout state written to %s again", store.describe());
                storeFailing = false;
            }
        } catch (IOException | RuntimeException e) {
            unpersisted = true;
            if (!storeFailing) {
                storeFailing = true;
                String message = "cannot persist the rollout state to " + store.describe() + ": " + e.getMessage()
                        + " (the rollout goes on; a restart now would resume from the last state written)";
                LOG.warn(message);
                RolloutEvent event = new RolloutEvent(clock.getAsLong(), "persist-failed", state.phase(), state.step(),
                        state.weight(), message);
                state = withEvent(state, event);
                stream.onNext(event);
            }
        }
    }

    private static RolloutState withEvent(RolloutState s, RolloutEvent event) {
        List<RolloutEvent> events = new ArrayList<>(s.events() == null ? List.of() : s.events());
        events.add(event);
        while (events.size() > RolloutState.HISTORY) {
            events.remove(0);
        }
        return new RolloutState(s.kind(), s.revision(), s.candidate(), s.phase(), s.step(), s.weight(), s.failed(),
                s.inconclusiveInRow(), s.passedInStep(), s.lastVerdict(), s.stepStartedAt(), s.warmUpUntil(),
                s.nextVerdictAt(), s.reason(), s.awaitingPromote(), s.intervals(), List.copyOf(events));
    }

    /**
     * Whether the health checker has seen an instance of {@code group} ready. An instance not
     * checked yet counts as healthy for routing (traffic flows at once), but a rollout starts
     * only on a candidate seen ready: a canary that never came up must stay at 0 %.
     */
    private boolean healthy(String group) {
        return upstreams.all().getOrDefault(group, List.of()).stream()
                .anyMatch(instance -> instance.checkedAt() != null && instance.healthy());
    }

    /** The progressive plan of the strategy in effect, or null. */
    static Plan planOf(RoutingConfig spec) {
        if (spec == null) {
            return null;
        }
        return switch (spec.strategy()) {
            case CANARY -> spec.canary().progressive();
            case BLUEGREEN -> spec.bluegreen().progressive();
            case ROLLING -> null;
        };
    }

    /** The candidate's weight that serves now: the rollout's, or the spec's own while Idle. */
    private int effectiveWeight() {
        if (spec == null) {
            return 0;
        }
        if (plan == null || state == null || state.phase() == Phase.IDLE) {
            return plan == null && spec.strategy() == Strategy.CANARY ? spec.canary().weight() : 0;
        }
        return state.weight();
    }

    /** The config that serves: the spec with the rollout's weight (canary) or side (blue/green). */
    private RoutingConfig effective(RoutingConfig spec) {
        if (plan == null) {
            return spec;
        }
        return withWeight(spec, state == null ? 0 : effectiveWeight());
    }

    /** While the rollout cannot decide: the candidate gets nothing. */
    private static RoutingConfig safe(RoutingConfig spec) {
        return planOf(spec) == null ? spec : withWeight(spec, 0);
    }

    private static RoutingConfig withWeight(RoutingConfig spec, int weight) {
        if (spec.strategy() == Strategy.CANARY) {
            RoutingConfig.Canary c = spec.canary();
            return new RoutingConfig(spec.strategy(), spec.groups(), spec.rolling(), spec.bluegreen(),
                    new RoutingConfig.Canary(c.stable(), c.canary(), weight, c.sticky(), c.fallback(), c.progressive()));
        }
        if (spec.strategy() == Strategy.BLUEGREEN && planOf(spec).kind() == Kind.BLUEGREEN && weight >= 100) {
            RoutingConfig.BlueGreen b = spec.bluegreen();
            return new RoutingConfig(spec.strategy(), spec.groups(), spec.rolling(),
                    new RoutingConfig.BlueGreen(b.preview(), b.active(), b.progressive()), spec.canary());
        }
        return spec;
    }
}
