package dev.rolloutlab.sample.identity;

/** What a {@link Greeter} says, and in which language ({@code null} when the version has no languages). */
public record Greeting(String message, String lang) {
}
