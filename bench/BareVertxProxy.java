import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The floor of the gateway's stack, for bench/run.sh: the same 50/50 job done by plain Vert.x,
 * with nothing of the gateway (no Quarkus, no routing config, no stats, metrics, retries or
 * timeouts). The gateway's distance to this target is what its own features and Quarkus cost;
 * this target's distance to nginx is what the JVM and Vert.x's HTTP stack cost.
 *
 * <p>Run from source with the gateway's libraries on the class path (no build step):
 * {@code java -cp 'gateway/target/quarkus-app/lib/main/*' bench/BareVertxProxy.java PORT UPSTREAM_PORT...}
 */
public class BareVertxProxy extends AbstractVerticle {

    private final int port;
    private final int[] upstreams;
    private HttpClient client;
    private int next;

    BareVertxProxy(int port, int[] upstreams) {
        this.port = port;
        this.upstreams = upstreams;
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: BareVertxProxy PORT UPSTREAM_PORT...");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int[] upstreams = new int[args.length - 1];
        for (int i = 1; i < args.length; i++) {
            upstreams[i - 1] = Integer.parseInt(args[i]);
        }
        // The same transport as the gateway: Netty's native epoll where the gateway's libraries bundle it.
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        // One instance per event loop, as many as the gateway has: each with its own server
        // (sharing the port) and its own client, so an exchange stays on one loop.
        int loops = 2 * Runtime.getRuntime().availableProcessors();
        vertx.deployVerticle(() -> new BareVertxProxy(port, upstreams), new DeploymentOptions().setInstances(loops))
                .onFailure(error -> {
                    error.printStackTrace();
                    System.exit(1);
                });
    }

    @Override
    public void start() {
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(100));
        vertx.createHttpServer().requestHandler(this::proxy).listen(port, "127.0.0.1");
    }

    private void proxy(HttpServerRequest request) {
        int upstream = upstreams[next];
        next = (next + 1) % upstreams.length;
        client.request(new RequestOptions().setMethod(request.method()).setHost("127.0.0.1").setPort(upstream)
                .setURI(request.uri())).compose(outbound -> {
                    outbound.headers().setAll(request.headers());
                    outbound.headers().set("X-Forwarded-For", request.remoteAddress().hostAddress());
                    return outbound.send();
                }).onSuccess(inbound -> {
                    request.response().setStatusCode(inbound.statusCode()).headers().setAll(inbound.headers());
                    inbound.pipeTo(request.response());
                }).onFailure(error -> request.response().setStatusCode(502).end());
    }
}
