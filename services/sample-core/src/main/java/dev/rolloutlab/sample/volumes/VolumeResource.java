package dev.rolloutlab.sample.volumes;

import io.smallrye.common.annotation.Blocking;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The volume demo: which mounts this pod has and a visit counter on each, so a learner can
 * delete the pod and see which counters survive (emptyDir: no; hostPath: on the same node;
 * PVC: yes).
 */
@Path("/api/volumes")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class VolumeResource {

    /** Mount names are plain words; anything else (dots, slashes, encoded tricks) is a 400. */
    static final String NAME = "[a-z][a-z0-9-]{0,62}";
    static final String NAME_MESSAGE = "must be a mount name like 'scratch' (lowercase letters, digits, '-')";

    private final Mounts mounts;

    VolumeResource(Mounts mounts) {
        this.mounts = mounts;
    }

    @GET
    public List<MountStatus> list() {
        return mounts.all();
    }

    @GET
    @Path("{name}")
    public MountStatus get(@PathParam("name") @Pattern(regexp = NAME, message = NAME_MESSAGE) String name) {
        return mounts.status(name);
    }

    @POST
    @Path("{name}/visits")
    public MountStatus visit(@PathParam("name") @Pattern(regexp = NAME, message = NAME_MESSAGE) String name) {
        return mounts.visit(name);
    }
}
