package dev.rolloutlab.sample.v1;

import dev.rolloutlab.sample.config.SampleConfig;
import dev.rolloutlab.sample.identity.Greeter;
import dev.rolloutlab.sample.identity.Greeting;
import jakarta.enterprise.context.ApplicationScoped;

/** v1 speaks one language: the configured greeting, whatever {@code ?lang} asks for. */
@ApplicationScoped
public class PlainGreeter implements Greeter {

    private final SampleConfig config;

    PlainGreeter(SampleConfig config) {
        this.config = config;
    }

    @Override
    public Greeting greet(String lang) {
        return new Greeting(config.greeting(), null);
    }
}
