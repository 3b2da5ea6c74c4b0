package dev.rolloutlab.sample.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** Who answered: what the gateway and its UI show for every request. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Identity(
        String app,
        String version,
        String color,
        String message,
        String lang,
        String pod,
        String node,
        String namespace,
        Instant time) {
}
