package dev.rolloutlab.sample.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;

/** The readiness a learner sets by hand, to watch a Service stop routing to this pod. */
@ApplicationScoped
public class ReadinessSwitch {

    private final AtomicBoolean on = new AtomicBoolean(true);

    public boolean isOn() {
        return on.get();
    }

    public void set(boolean value) {
        on.set(value);
    }
}
