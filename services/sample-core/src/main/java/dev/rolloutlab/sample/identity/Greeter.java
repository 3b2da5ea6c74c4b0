package dev.rolloutlab.sample.identity;

/**
 * The one piece each version implements itself: v1 always answers the configured greeting,
 * v2 also speaks Korean ({@code ?lang=ko}).
 */
public interface Greeter {

    /**
     * @param lang the {@code lang} query parameter, or {@code null}
     * @throws jakarta.ws.rs.WebApplicationException with 400 for a language the version cannot speak
     */
    Greeting greet(String lang);
}
