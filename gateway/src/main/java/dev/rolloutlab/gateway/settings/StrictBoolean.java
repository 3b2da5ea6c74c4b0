package dev.rolloutlab.gateway.settings;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * {@code true} or {@code false}, nothing else: the default converter reads any other word ("ture",
 * "maybe") as false, so a misspelled switch would be off without a word.
 */
public final class StrictBoolean implements Converter<Boolean> {

    @Override
    public Boolean convert(String value) {
        String word = value.trim();
        if (word.equalsIgnoreCase("true") || word.equalsIgnoreCase("false")) {
            return Boolean.valueOf(word);
        }
        throw new IllegalArgumentException("must be true or false (got '" + value + "')");
    }
}
