package dev.rolloutlab.sample.faults;

import dev.rolloutlab.sample.config.SampleConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.ThreadLocalRandom;

/** Builds the injector from {@code sample.fault.*} with a real random source. */
public class FaultInjectorProducer {

    @Produces
    @Singleton
    FaultInjector faultInjector(SampleConfig config) {
        return new FaultInjector(config.fault().errorRate(), config.fault().latency(),
                () -> ThreadLocalRandom.current().nextDouble());
    }
}
