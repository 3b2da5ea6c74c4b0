package dev.rolloutlab.sample.identity;

import dev.rolloutlab.sample.config.SampleConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** The core has no greeter of its own (each version brings one); tests use this plain one. */
@ApplicationScoped
public class TestGreeter implements Greeter {

    private final SampleConfig config;

    TestGreeter(SampleConfig config) {
        this.config = config;
    }

    @Override
    public Greeting greet(String lang) {
        return new Greeting(config.greeting(), lang);
    }
}
