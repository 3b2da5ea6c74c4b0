package dev.rolloutlab.sample.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The JSON body of every error this service answers: {@code {"status":404,"error":"..."}}. */
public record ApiError(int status, String error) {

    /** An exception that JAX-RS turns into {@code status} with this record as the body. */
    public static WebApplicationException of(Response.Status status, String error) {
        return new WebApplicationException(error, Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(status.getStatusCode(), error))
                .build());
    }
}
