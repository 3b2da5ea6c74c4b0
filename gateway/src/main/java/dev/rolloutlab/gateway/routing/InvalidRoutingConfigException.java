package dev.rolloutlab.gateway.routing;

import java.util.List;

/** A routing config that cannot be used; {@link #problems()} names each key and what is wrong. */
public class InvalidRoutingConfigException extends Exception {

    private final List<String> problems;

    public InvalidRoutingConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
