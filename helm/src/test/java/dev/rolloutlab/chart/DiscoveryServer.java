package dev.rolloutlab.chart;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Kubernetes API server that answers discovery (which API groups, versions and kinds exist), "not found"
 * to every read, and accepts every object created (keeping it): enough for {@code helm install} to read the
 * cluster's capabilities ({@code .Capabilities.APIVersions}) and create the release, so that a test sees what
 * Helm sent. {@code helm template} cannot be given API versions through helm-java (its template command has
 * no {@code --api-versions}). With or without the Gateway API.
 */
final class DiscoveryServer implements AutoCloseable {

    /** group/version to its resources: plural name, kind, namespaced. */
    private final Map<String, List<String[]>> groups = new LinkedHashMap<>();
    private final HttpServer server;
    /** The bodies of every create (POST), in order. */
    private final List<String> created = new java.util.concurrent.CopyOnWriteArrayList<>();

    private DiscoveryServer(boolean gatewayApi) {
        add("v1", r("pods", "Pod", true), r("services", "Service", true), r("configmaps", "ConfigMap", true),
                r("secrets", "Secret", true), r("serviceaccounts", "ServiceAccount", true),
                r("persistentvolumeclaims", "PersistentVolumeClaim", true), r("persistentvolumes", "PersistentVolume", false),
                r("namespaces", "Namespace", false));
        add("apps/v1", r("deployments", "Deployment", true), r("replicasets", "ReplicaSet", true));
        add("policy/v1", r("poddisruptionbudgets", "PodDisruptionBudget", true));
        add("networking.k8s.io/v1", r("networkpolicies", "NetworkPolicy", true), r("ingresses", "Ingress", true));
        add("rbac.authorization.k8s.io/v1", r("roles", "Role", true), r("rolebindings", "RoleBinding", true));
        add("discovery.k8s.io/v1", r("endpointslices", "EndpointSlice", true));
        if (gatewayApi) {
            add("gateway.networking.k8s.io/v1", r("httproutes", "HTTPRoute", true), r("gateways", "Gateway", true));
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.start();
    }

    /** A cluster with the Gateway API CRDs installed, or without them. */
    static DiscoveryServer cluster(boolean gatewayApi) {
        return new DiscoveryServer(gatewayApi);
    }

    /** A kubeconfig that points at this server. */
    String kubeconfig() {
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: fake
                    cluster:
                      server: %s
                contexts:
                  - name: fake
                    context:
                      cluster: fake
                      user: fake
                current-context: fake
                users:
                  - name: fake
                    user:
                      token: fake
                """.formatted(url);
    }

    private static String[] r(String plural, String kind, boolean namespaced) {
        return new String[] {plural, kind, Boolean.toString(namespaced)};
    }

    private void add(String groupVersion, String[]... resources) {
        groups.put(groupVersion, List.of(resources));
    }

    /** The objects created so far, as JSON, in order (Helm's release Secret included). */
    List<String> created() {
        return List.copyOf(created);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().replaceAll("/+$", "");
        String method = exchange.getRequestMethod();
        String body;
        int status = 200;
        if (Set.of("POST", "PUT").contains(method)) {
            // Echo the object in the encoding it came in (Helm's release Secret comes as protobuf).
            byte[] sent = exchange.getRequestBody().readAllBytes();
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (method.equals("POST") && type != null && type.startsWith("application/json")) {
                created.add(new String(sent, StandardCharsets.UTF_8));
            }
            exchange.getResponseHeaders().set("Content-Type", type == null ? "application/json" : type);
            exchange.sendResponseHeaders(method.equals("POST") ? 201 : 200, sent.length);
            exchange.getResponseBody().write(sent);
            exchange.close();
            return;
        } else if (path.equals("/version")) {
            body = "{\"major\":\"1\",\"minor\":\"33\",\"gitVersion\":\"v1.33.4\",\"platform\":\"linux/amd64\"}";
        } else if (path.equals("/api")) {
            body = "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}";
        } else if (path.equals("/apis")) {
            List<String> list = new ArrayList<>();
            groups.keySet().stream().filter(gv -> gv.contains("/")).forEach(gv -> {
                String group = gv.substring(0, gv.indexOf('/'));
                String version = "{\"groupVersion\":\"" + gv + "\",\"version\":\"" + gv.substring(gv.indexOf('/') + 1) + "\"}";
                list.add("{\"name\":\"" + group + "\",\"versions\":[" + version + "],\"preferredVersion\":" + version + "}");
            });
            body = "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[" + String.join(",", list) + "]}";
        } else if (path.equals("/api/v1") || path.startsWith("/apis/") && groups.containsKey(path.substring("/apis/".length()))) {
            String gv = path.equals("/api/v1") ? "v1" : path.substring("/apis/".length());
            List<String> list = new ArrayList<>();
            for (String[] resource : groups.get(gv)) {
                list.add("{\"name\":\"" + resource[0] + "\",\"singularName\":\"\",\"namespaced\":" + resource[2] + ",\"kind\":\"" + resource[1]
                        + "\",\"verbs\":[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]}");
            }
            body = "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"" + gv + "\",\"resources\":[" + String.join(",", list) + "]}";
        } else {
            status = 404;
            body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"not found\",\"reason\":\"NotFound\",\"code\":404}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
