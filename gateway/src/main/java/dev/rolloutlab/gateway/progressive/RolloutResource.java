package dev.rolloutlab.gateway.progressive;

import dev.rolloutlab.gateway.progressive.decision.Command;
import dev.rolloutlab.gateway.progressive.decision.CommandRefusedException;
import dev.rolloutlab.gateway.progressive.decision.RolloutEvent;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * {@code GET /gateway/rollout} (the {@link RolloutView}), {@code GET /gateway/rollout/events}
 * (server-sent {@link RolloutEvent}s) and {@code POST /gateway/rollout/{promote,abort,retry,pause,resume}}.
 * Commands come from loopback only: local mode's CLI or a {@code kubectl port-forward}, whose
 * connections reach the gateway from 127.0.0.1; anyone else reaching the gateway's port gets 403.
 */
@Path("/gateway/rollout")
public class RolloutResource {

    private final RolloutController controller;

    RolloutResource(RolloutController controller) {
        this.controller = controller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public RolloutView rollout() {
        return controller.view();
    }

    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<RolloutEvent> events() {
        return controller.events();
    }

    @POST
    @Path("{command}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response command(@PathParam("command") String name, @QueryParam("full") boolean full,
            @Context HttpServerRequest request) {
        Command command = switch (name) {
            case "promote" -> full ? Command.PROMOTE_FULL : Command.PROMOTE;
            case "abort" -> Command.ABORT;
            case "retry" -> Command.RETRY;
            case "pause" -> Command.PAUSE;
            case "resume" -> Command.RESUME;
            default -> null;
        };
        if (command == null) {
            return error(404, "unknown rollout command '" + name + "' (known: promote, abort, retry, pause, resume)");
        }
        String from = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        if (!isLoopback(from)) {
            return error(403, "rollout commands are accepted from loopback only (local mode, kubectl port-forward); got "
                    + from);
        }
        try {
            return Response.ok(controller.command(command)).build();
        } catch (CommandRefusedException e) {
            return error(409, e.getMessage());
        }
    }

    /** Whether a peer address (an IP literal, as the server saw it) is this machine's loopback. */
    static boolean isLoopback(String address) {
        boolean literal = address != null && (address.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                || address.contains(":") && address.matches("\\[?[0-9a-fA-F:.]+(%\\w+)?]?"));
        if (!literal) {
            return false; // never resolved as a name
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The body of a refused command. */
    public record Refusal(int status, String error) {
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new Refusal(status, message)).build();
    }
}
