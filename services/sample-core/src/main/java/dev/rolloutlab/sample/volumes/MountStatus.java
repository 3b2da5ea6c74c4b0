package dev.rolloutlab.sample.volumes;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rolloutlab.sample.config.MountKind;

/**
 * One mount as the volume demo reports it. {@code visits} is absent when the mount is missing
 * or nobody has visited; {@code problem} says why a mount cannot be used.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MountStatus(String name, MountKind kind, String path, boolean present, boolean writable,
        Long visits, String problem) {
}
