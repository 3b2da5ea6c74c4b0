package dev.rolloutlab.sample.volumes;

import dev.rolloutlab.sample.api.ApiError;
import dev.rolloutlab.sample.config.SampleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The configured mounts ({@code sample.volumes.*}) and their counters. A mount is looked up by
 * name in the config, never by turning the name into a path, so a request cannot reach a file
 * outside a configured mount.
 */
@ApplicationScoped
public class Mounts {

    private final SampleConfig config;
    private final VisitCounter counter;

    Mounts(SampleConfig config) {
        this.config = config;
        this.counter = new VisitCounter();
    }

    public List<MountStatus> all() {
        return config.volumes().keySet().stream().sorted().map(this::status).toList();
    }

    /** The status of mount {@code name}; 404 when no such mount is configured. */
    public MountStatus status(String name) {
        SampleConfig.Mount mount = configured(name);
        Path dir = Path.of(mount.path());
        boolean present = Files.isDirectory(dir);
        boolean writable = present && Files.isWritable(dir);
        if (!present) {
            return new MountStatus(name, mount.kind(), mount.path(), false, false, null, "not mounted");
        }
        try {
            OptionalLong visits = counter.read(dir);
            return new MountStatus(name, mount.kind(), mount.path(), true, writable,
                    visits.isPresent() ? visits.getAsLong() : null, writable ? null : "read-only");
        } catch (IOException e) {
            return new MountStatus(name, mount.kind(), mount.path(), true, writable, null, e.getMessage());
        }
    }

    /** Counts one visit on mount {@code name}; 404 unknown, 409 when it is missing, read-only or corrupt. */
    public MountStatus visit(String name) {
        MountStatus status = status(name);
        if (!status.present() || !status.writable()) {
            throw ApiError.of(Response.Status.CONFLICT, "mount '" + name + "' at " + status.path() + " is "
                    + status.problem());
        }
        try {
            long visits = counter.increment(Path.of(status.path()));
            return new MountStatus(name, status.kind(), status.path(), true, true, visits, null);
        } catch (IOException e) {
            throw ApiError.of(Response.Status.CONFLICT, "cannot count a visit on mount '" + name + "': "
                    + e.getMessage());
        }
    }

    private SampleConfig.Mount configured(String name) {
        SampleConfig.Mount mount = config.volumes().get(name);
        if (mount == null) {
            throw ApiError.of(Response.Status.NOT_FOUND, "no mount named '" + name + "'; configured: "
                    + config.volumes().keySet().stream().sorted().toList());
        }
        return mount;
    }
}
