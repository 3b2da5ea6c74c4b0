package dev.rolloutlab.sample.api;

import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Gives every error the REST layer produces the one documented shape, {@link ApiError}:
 * constraint violations (the framework's own document has {@code title} and {@code violations}),
 * the framework's 404, 405, 406 and 415, and anything unexpected (a 500 that names no internals).
 */
public class ApiErrorMappers {

    private static final Logger LOG = Logger.getLogger(ApiErrorMappers.class);

    /** A bad parameter is the client's 400; a bad return value is this service's 500. */
    @ServerExceptionMapper
    public Response violation(ResteasyReactiveViolationException e) {
        boolean returnValue = e.getConstraintViolations().stream().anyMatch(violation -> StreamSupport
                .stream(violation.getPropertyPath().spliterator(), false).anyMatch(node -> node.getKind() == ElementKind.RETURN_VALUE));
        Response.Status status = returnValue ? Response.Status.INTERNAL_SERVER_ERROR : Response.Status.BAD_REQUEST;
        String problems = e.getConstraintViolations().stream().map(ApiErrorMappers::describe).sorted()
                .collect(Collectors.joining("; "));
        return json(Response.status(status), status.getStatusCode(), problems);
    }

    /** The framework's HTTP errors keep their status and headers; an ApiError passes as it is. */
    @ServerExceptionMapper
    public Response http(WebApplicationException e, Request request, UriInfo uri) {
        Response original = e.getResponse();
        if (original.getEntity() instanceof ApiError) {
            return original;
        }
        int status = original.getStatus();
        String error = switch (status) {
            case 404 -> "no such endpoint: " + request.getMethod() + " /" + uri.getPath().replaceFirst("^/", "");
            case 405 -> request.getMethod() + " is not allowed on /" + uri.getPath().replaceFirst("^/", "");
            default -> e.getMessage();
        };
        return json(Response.fromResponse(original), status, error);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("unexpected error", e);
        return json(Response.serverError(), 500, "internal error (logged)");
    }

    private static String describe(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        String parameter = path.substring(path.lastIndexOf('.') + 1);
        return parameter + " " + violation.getMessage() + ", got '" + violation.getInvalidValue() + "'";
    }

    private static Response json(Response.ResponseBuilder builder, int status, String error) {
        return builder.type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(status, error)).build();
    }
}
