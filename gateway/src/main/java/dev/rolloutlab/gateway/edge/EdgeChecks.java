package dev.rolloutlab.gateway.edge;

import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * HTTP/1.1 strictness (RFC 9112) beyond what Netty's decoder enforces, checked by the gateway's
 * server before the proxy or the gateway's own API and UI see a request. Netty already refuses a
 * Content-Length beside a Transfer-Encoding, a Transfer-Encoding in HTTP/1.0, a Transfer-Encoding
 * whose last coding is not chunked, and a malformed request line or header. Here:
 * <ul>
 * <li>a version other than HTTP/1.0 and 1.1 in a request line (HTTP/9.9, HTTP/2.0) is a 505,
 * answered as HTTP/1.1;
 * <li>a Transfer-Encoding other than exactly {@code chunked}, in one header line, is a 400 and the
 * connection closes: Netty reads a body of such a request as empty, so its bytes would be read as
 * a second request (request smuggling);
 * <li>a request target that is neither a path ({@code /api/...}) nor an absolute http(s) URI,
 * {@code OPTIONS *} aside, is a 400. An absolute URI is served by its path: its scheme and host
 * are ignored ({@link #originForm});
 * <li>an HTTP/1.1 request without a {@code Host} header is a 400 (RFC 9112, 3.2);
 * <li>malformed chunk framing in a body (a size that is not hex) is a 400 before the connection
 * closes, where Vert.x alone closes it without a word.
 * </ul>
 * A normal request costs a field read for its version, two header lookups and one character test.
 */
@Singleton
public class EdgeChecks {

    /**
     * Checks {@code request} before anything else sees it; false when it was refused (answered,
     * and its connection closed), true when it may go on.
     */
    public boolean admit(HttpServerRequest request) {
        HttpVersion version = VertxInternals.http1Version(request);
        if (version == null) {
            return true; // HTTP/2 frames its own bodies: no Transfer-Encoding, no chunks
        }
        if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
            answerAndClose(request, HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
                    "HTTP version " + version.text() + " is not supported; this gateway speaks HTTP/1.0 and HTTP/1.1");
            return false;
        }
        String transferEncoding = request.getHeader(HttpHeaderNames.TRANSFER_ENCODING);
        String problem = targetProblem(request);
        if (problem == null && version == HttpVersion.HTTP_1_1 && !request.headers().contains(HttpHeaderNames.HOST)) {
            problem = "an HTTP/1.1 request must have a Host header";
        }
        if (problem == null && transferEncoding != null) {
            problem = transferEncodingProblem(request, transferEncoding);
        }
        if (problem != null) {
            answerAndClose(request, HttpResponseStatus.BAD_REQUEST, problem);
            return false;
        }
        if (transferEncoding != null) {
            answerMalformedChunks(request);
        }
        return true;
    }

    private static String targetProblem(HttpServerRequest request) {
        String target = request.uri();
        if (target.startsWith("/") || isAbsoluteForm(target)
                || target.equals("*") && request.method() == HttpMethod.OPTIONS) {
            return null;
        }
        return "the request target must be a path (/...) or an absolute http(s) URI, got '" + target + "'";
    }

    private static String transferEncodingProblem(HttpServerRequest request, String transferEncoding) {
        if ("chunked".equalsIgnoreCase(transferEncoding.trim()) && request.headers().getAll("Transfer-Encoding").size() == 1) {
            return null;
        }
        return "Transfer-Encoding must be exactly 'chunked' (the only coding the gateway reads), got '"
                + String.join(", ", request.headers().getAll("Transfer-Encoding")) + "'";
    }

    private static boolean isAbsoluteForm(String target) {
        int authority = target.regionMatches(true, 0, "http://", 0, 7) ? 7
                : target.regionMatches(true, 0, "https://", 0, 8) ? 8 : -1;
        return authority > 0 && target.length() > authority && "/?#".indexOf(target.charAt(authority)) < 0;
    }

    /**
     * The target as the path and query to forward: an absolute URI ({@code http://host/api/x?q})
     * loses its scheme and host, which the gateway ignores; a path is returned as it is.
     */
    public static String originForm(String target) {
        if (target.startsWith("/") || !isAbsoluteForm(target)) {
            return target;
        }
        int end = target.indexOf("://") + 3;
        while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
            end++;
        }
        String rest = target.substring(end);
        return rest.startsWith("/") ? rest : "/" + rest;
    }

    /**
     * Answers {@code status} and closes the connection, on the channel itself: the exchange is
     * never ended for Vert.x, so it does not start on the next request already read from this
     * connection (after a bad Transfer-Encoding, the smuggled one), and the status line says
     * HTTP/1.1 whatever version the request claimed (RFC 9112, 2.3).
     */
    private static void answerAndClose(HttpServerRequest request, HttpResponseStatus status, String problem) {
        FullHttpResponse answer = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1, status,
                errorBody(status.code(), problem).getByteBuf());
        answer.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, answer.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        VertxInternals.channel(request.connection()).writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Netty reports malformed chunk framing as a failure of the connection, which Vert.x closes
     * at once. While this request's body is read and nothing is answered yet, such a failure is
     * answered 400 first (the write goes out before the close). A lost connection is not.
     */
    private static void answerMalformedChunks(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        request.connection().exceptionHandler(failure -> {
            if (!request.isEnded() && !response.headWritten() && !response.closed() && !(failure instanceof IOException)) {
                response.setStatusCode(400).putHeader("Content-Type", "application/json").putHeader("Connection", "close")
                        .end(errorBody(400, "malformed chunked body: " + failure.getMessage()));
                // Vert.x closes the channel as soon as this returns; what is not flushed is lost.
                VertxInternals.channel(request.connection()).flush();
            }
        });
    }

    private static Buffer errorBody(int status, String error) {
        return Buffer.buffer(new JsonObject().put("status", status).put("error", error).encode());
    }
}
