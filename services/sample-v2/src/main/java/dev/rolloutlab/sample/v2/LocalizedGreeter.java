package dev.rolloutlab.sample.v2;

import dev.rolloutlab.sample.api.ApiError;
import dev.rolloutlab.sample.config.SampleConfig;
import dev.rolloutlab.sample.identity.Greeter;
import dev.rolloutlab.sample.identity.Greeting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.TreeMap;

/**
 * v2's new feature: greetings in English (the configured one, the default) and Korean
 * ({@code ?lang=ko}), and the answer says which language it used.
 */
@ApplicationScoped
public class LocalizedGreeter implements Greeter {

    static final String DEFAULT_LANG = "en";

    private final Map<String, String> greetings;

    LocalizedGreeter(SampleConfig config) {
        this.greetings = new TreeMap<>(Map.of(
                DEFAULT_LANG, config.greeting(),
                "ko", "안녕하세요, v2입니다"));
    }

    @Override
    public Greeting greet(String lang) {
        String chosen = lang == null || lang.isBlank() ? DEFAULT_LANG : lang;
        String message = greetings.get(chosen);
        if (message == null) {
            throw ApiError.of(Response.Status.BAD_REQUEST,
                    "unsupported lang '" + chosen + "'; supported: " + String.join(", ", greetings.keySet()));
        }
        return new Greeting(message, chosen);
    }
}
