package dev.rolloutlab.gateway.proxy;

import io.quarkus.arc.Unremovable;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.inject.Singleton;

/**
 * Closes a client connection after {@code quarkus.http.idle-timeout} without a byte from the
 * client, instead of without a byte either way. Quarkus's "all idle" timeout makes Netty attach
 * a listener to every write on every connection, to see writes as activity: a promise, a
 * listener list and a callback per proxied response, about 3 % of the gateway's CPU per request
 * (bench/README.md). Reading alone still closes what a server must close: a keep-alive
 * connection nobody uses, and a half-open one whose client is gone. A stream the client only
 * reads (the UI's event stream) is closed after the timeout too, and the browser reconnects.
 */
@Singleton
@Unremovable // looked up by Quarkus with listAll(), which does not keep an otherwise unused bean
public class ReadIdleTimeout implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        readOnly(options);
    }

    static void readOnly(HttpServerOptions options) {
        if (options.getIdleTimeout() > 0) {
            options.setReadIdleTimeout(options.getIdleTimeout()).setIdleTimeout(0);
        }
    }
}
