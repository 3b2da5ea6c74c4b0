package dev.rolloutlab.gateway.routing;

/** A request whose routing hints make no sense; answered with 400. */
public class InvalidRouteRequestException extends Exception {

    public InvalidRouteRequestException(String message) {
        super(message);
    }
}
