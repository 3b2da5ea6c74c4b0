package dev.rolloutlab.gateway.edge;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.Http1xServerRequest;
import io.vertx.core.http.impl.HttpServerRequestWrapper;
import io.vertx.core.net.impl.ConnectionBase;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

/**
 * The two things the edge checks need that Vert.x 4.5 keeps to itself, in one place so that an
 * upgrade breaks here (and in EdgeStrictnessTest) and nowhere else:
 * <ul>
 * <li>the HTTP version of the request line as Netty read it. {@code HttpServerRequest.version()}
 * cannot be asked: for a version it does not know it answers 501 itself, and in Quarkus that
 * answer never gets out (the connection hangs);
 * <li>the connection's Netty channel, to answer and flush at once when Vert.x is about to close
 * the connection in the middle of a read.
 * </ul>
 */
final class VertxInternals {

    private static final MethodHandle NETTY_REQUEST;
    private static final VarHandle WRAPPED;

    static {
        try {
            NETTY_REQUEST = MethodHandles.privateLookupIn(Http1xServerRequest.class, MethodHandles.lookup())
                    .findVirtual(Http1xServerRequest.class, "nettyRequest", MethodType.methodType(HttpRequest.class));
            WRAPPED = MethodHandles.privateLookupIn(HttpServerRequestWrapper.class, MethodHandles.lookup())
                    .findVarHandle(HttpServerRequestWrapper.class, "delegate",
                            io.vertx.core.http.impl.HttpServerRequestInternal.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private VertxInternals() {
    }

    /** The request line's version of an HTTP/1.x request, or null for HTTP/2 (or a request it cannot unwrap). */
    static HttpVersion http1Version(HttpServerRequest request) {
        HttpServerRequest unwrapped = request;
        while (unwrapped instanceof HttpServerRequestWrapper wrapper) {
            unwrapped = (HttpServerRequest) WRAPPED.get(wrapper);
        }
        if (!(unwrapped instanceof Http1xServerRequest http1)) {
            return null;
        }
        try {
            return ((HttpRequest) NETTY_REQUEST.invokeExact(http1)).protocolVersion();
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static Channel channel(HttpConnection connection) {
        return ((ConnectionBase) connection).channel();
    }
}
