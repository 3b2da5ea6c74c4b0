package dev.rolloutlab.gateway.proxy;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many proxied exchanges are under way, so that a shutdown can let them finish. A
 * {@link LongAdder}: every event loop counts in a cell of its own, so the count costs the data
 * path no contended write; only the shutdown sums it.
 */
@Singleton
public class InFlight {

    private final LongAdder count = new LongAdder();

    /** An exchange began; returns its start ({@link System#nanoTime()}). */
    public long begin() {
        count.increment();
        return System.nanoTime();
    }

    /** An exchange that {@link #begin() began} has ended, answered or not. */
    public void end() {
        count.decrement();
    }

    public long count() {
        return count.sum();
    }

    /** Waits until no exchange is under way, or {@code limit} has passed; true when none is left. */
    public boolean awaitNone(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (count.sum() > 0) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return true;
    }
}
