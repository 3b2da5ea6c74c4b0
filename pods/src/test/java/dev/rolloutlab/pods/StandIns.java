package dev.rolloutlab.pods;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Local stand-ins for the images the project ships, run the way the image would run its
 * command: busybox:* is a directory of busybox-static applet links (the image's /bin);
 * nginx:* is the host's nginx in the foreground, as the image's default command
 * {@code nginx -g 'daemon off;'}, with the pod's ConfigMap as its conf.d. Any other image
 * has no stand-in, and the test that meets it fails naming it.
 */
final class StandIns {

    private static Path busyboxDir;

    private StandIns() {
    }

    /** Why the stand-ins cannot be made here, or null. */
    static String unavailable() {
        List<String> missing = new ArrayList<>();
        if (busybox() == null) {
            missing.add("no static busybox (apt-get install busybox-static)");
        }
        if (Host.which("nginx") == null) {
            missing.add("no nginx (apt-get install nginx)");
        }
        if (Host.which("setpriv") == null) {
            missing.add("no setpriv (util-linux)");
        }
        return missing.isEmpty() ? null : String.join("; ", missing);
    }

    /** The static busybox binary, which runs in any mount namespace and as any user. */
    static Path busybox() {
        for (String candidate : List.of("/bin/busybox", "/usr/bin/busybox")) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return path;
            }
        }
        return null;
    }

    /** A directory with one link per busybox applet (sh, tail, wget, chown...), readable by anyone. */
    static synchronized Path busyboxBin() throws IOException, InterruptedException {
        if (busyboxDir == null) {
            Path dir = Temp.dir("rollout-lab-busybox-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Process list = new ProcessBuilder(busybox().toString(), "--list").start();
            String applets = new String(list.getInputStream().readAllBytes());
            list.waitFor();
            for (String applet : applets.split("\\s+")) {
                if (!applet.isBlank()) {
                    Files.createSymbolicLink(dir.resolve(applet), busybox());
                }
            }
            busyboxDir = dir;
        }
        return busyboxDir;
    }

    /** How one container runs on the stand-in: its argv, PATH, and files to place first. */
    record Run(List<String> argv, String path, Map<String, Path> binds) {
    }

    /**
     * The argv Kubernetes would run (command replaces the image's entrypoint, args its cmd), on
     * the stand-in for the image; {@code work} is a private directory for config files.
     */
    static Run of(ShippedContainer c, Path work) throws IOException, InterruptedException {
        String image = c.shortImage();
        String bin = busyboxBin().toString();
        if (image.startsWith("busybox:") || image.equals("busybox")) {
            // busybox: no entrypoint, cmd [sh].
            List<String> argv = new ArrayList<>(c.command().isEmpty() ? List.of("sh") : c.command());
            argv.addAll(c.args());
            return new Run(argv, bin, Map.of());
        }
        if (image.startsWith("nginx:") || image.equals("nginx")) {
            // nginx: the entrypoint script execs cmd [nginx, -g, daemon off;], so nginx is PID 1.
            List<String> argv = new ArrayList<>(c.command().isEmpty() ? List.of() : c.command());
            argv.addAll(c.command().isEmpty() && c.args().isEmpty() ? List.of("nginx", "-g", "daemon off;") : c.args());
            if (!argv.isEmpty() && argv.get(0).equals("nginx")) {
                Path conf = nginxConfig(c, work);
                argv.set(0, Host.which("nginx").toString());
                argv.addAll(1, List.of("-p", work.toString(), "-c", conf.toString(), "-e", "stderr"));
            }
            return new Run(argv, bin + ":/usr/sbin", Map.of("/etc/hosts", hosts(work, proxied(work))));
        }
        throw new AssertionError("no local stand-in for image " + c.image() + " (" + c.where()
                + "): add one to " + StandIns.class.getSimpleName() + " so its command is checked too");
    }

    /** The image's /etc/nginx/nginx.conf, reduced: conf.d from the pod's ConfigMap, paths in {@code work}. */
    private static Path nginxConfig(ShippedContainer c, Path work) throws IOException {
        Path confD = Files.createDirectories(work.resolve("conf.d"));
        for (Map.Entry<String, JsonNode> mount : c.mounts().entrySet()) {
            if (mount.getKey().equals("/etc/nginx/conf.d") && mount.getValue() != null && mount.getValue().has("configMap")) {
                for (Map.Entry<String, String> file : c.configMapData(mount.getValue()).entrySet()) {
                    Files.writeString(confD.resolve(file.getKey()), file.getValue());
                }
            }
        }
        if (isEmpty(confD)) {
            // The image's own default.conf: a static page on port 80 (here 8080-free: a private network).
            Files.writeString(confD.resolve("default.conf"), "server { listen 80; location / { return 200 'ok'; } }\n");
        }
        Path conf = work.resolve("nginx.conf");
        String temp = work.resolve("temp").toString();
        Files.createDirectories(Path.of(temp));
        Files.writeString(conf, """
                pid %1$s/nginx.pid;
                error_log stderr;
                events { worker_connections 64; }
                http {
                  access_log /dev/stdout;
                  client_body_temp_path %2$s/body;
                  proxy_temp_path %2$s/proxy;
                  fastcgi_temp_path %2$s/fastcgi;
                  uwsgi_temp_path %2$s/uwsgi;
                  scgi_temp_path %2$s/scgi;
                  include %3$s/*.conf;
                }
                """.formatted(work, temp, confD));
        return conf;
    }

    /** Upstream host names in the nginx config: the outside service is not reachable from here. */
    private static Set<String> proxied(Path work) throws IOException {
        Set<String> hosts = new LinkedHashSet<>();
        Path confD = work.resolve("conf.d");
        if (Files.isDirectory(confD)) {
            try (var files = Files.list(confD)) {
                for (Path file : files.toList()) {
                    Matcher m = Pattern.compile("proxy_pass\\s+https?://([A-Za-z0-9.-]+)").matcher(Files.readString(file));
                    while (m.find()) {
                        hosts.add(m.group(1));
                    }
                }
            }
        }
        return hosts;
    }

    /** An /etc/hosts for the container's private network: upstream names resolve to loopback. */
    private static Path hosts(Path work, Set<String> names) throws IOException {
        StringBuilder text = new StringBuilder("127.0.0.1 localhost\n::1 localhost\n");
        names.forEach(name -> text.append("127.0.0.1 ").append(name).append('\n'));
        return Files.writeString(work.resolve("hosts"), text);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.findAny().isEmpty();
        }
    }
}
