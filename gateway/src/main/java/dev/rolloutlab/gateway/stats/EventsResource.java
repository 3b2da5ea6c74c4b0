package dev.rolloutlab.gateway.stats;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** {@code GET /gateway/events}: one server-sent event per proxied request. */
@Path("/gateway/events")
public class EventsResource {

    private final TrafficEvents events;

    EventsResource(TrafficEvents events) {
        this.events = events;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<Exchange> events() {
        return events.stream();
    }
}
