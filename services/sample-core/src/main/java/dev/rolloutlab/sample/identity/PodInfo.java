package dev.rolloutlab.sample.identity;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where this instance runs. In a cluster the manifest sets {@code POD_NAME}, {@code NODE_NAME}
 * and {@code KUBERNETES_NAMESPACE} from the downward API; outside one they fall back to the host.
 */
@ApplicationScoped
public class PodInfo {

    private final String pod;
    private final String node;
    private final String namespace;

    PodInfo(@ConfigProperty(name = "POD_NAME") Optional<String> pod,
            @ConfigProperty(name = "NODE_NAME") Optional<String> node,
            @ConfigProperty(name = "KUBERNETES_NAMESPACE") Optional<String> namespace) {
        String host = hostName();
        this.pod = pod.orElse(host);
        this.node = node.orElse(host);
        this.namespace = namespace.orElse("local");
    }

    public String pod() {
        return pod;
    }

    public String node() {
        return node;
    }

    public String namespace() {
        return namespace;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
