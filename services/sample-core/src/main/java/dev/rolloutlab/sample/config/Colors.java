package dev.rolloutlab.sample.config;

/** The color formats the UI can paint. */
final class Colors {

    static final String NAMES = "blue|green|red|orange|yellow|purple|teal|pink|gray|black";
    static final String PATTERN = "#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|" + NAMES;
    static final String MESSAGE = "must be #rgb, #rrggbb or one of " + NAMES;

    private Colors() {
    }
}
