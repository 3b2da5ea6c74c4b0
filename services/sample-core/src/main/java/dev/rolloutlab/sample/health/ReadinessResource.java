package dev.rolloutlab.sample.health;

import dev.rolloutlab.sample.api.ApiError;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * Turns readiness off and on for drain labs: {@code POST /admin/readiness/off} makes
 * {@code /q/health/ready} answer 503 while the app keeps serving.
 */
@Path("/admin/readiness")
@Produces(MediaType.APPLICATION_JSON)
public class ReadinessResource {

    private final ReadinessSwitch readiness;

    ReadinessResource(ReadinessSwitch readiness) {
        this.readiness = readiness;
    }

    @GET
    public Map<String, String> get() {
        return state();
    }

    @POST
    @Path("{state}")
    public Map<String, String> set(@PathParam("state") String state) {
        switch (state) {
            case "on" -> readiness.set(true);
            case "off" -> readiness.set(false);
            default -> throw ApiError.of(Response.Status.BAD_REQUEST,
                    "readiness state must be 'on' or 'off', got '" + state + "'");
        }
        return state();
    }

    private Map<String, String> state() {
        return Map.of("readiness", readiness.isOn() ? "on" : "off");
    }
}
