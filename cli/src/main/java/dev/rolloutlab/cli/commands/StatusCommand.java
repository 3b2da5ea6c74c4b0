package dev.rolloutlab.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolloutlab.cli.CliException;
import dev.rolloutlab.cli.Console;
import dev.rolloutlab.cli.local.GatewayClient;
import dev.rolloutlab.cli.local.Http;
import dev.rolloutlab.cli.local.InstanceRecord;
import dev.rolloutlab.cli.local.LocalState;
import dev.rolloutlab.cli.local.ProcessRef;
import dev.rolloutlab.cli.local.RoutingFile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", description = "Processes, ports and readiness of local mode, and the routing the gateway has in effect.")
public final class StatusCommand extends BaseCommand implements Callable<Integer> {

    @Option(names = "--gateway", paramLabel = "URL", description = "show only the routing of this gateway (e.g. a port-forwarded one: http://localhost:8080)")
    String gatewayUrl;

    @Override
    public Integer call() {
        if (gatewayUrl != null) {
            printRouting(new GatewayClient(gatewayUrl));
            return 0;
        }
        LocalState state = root.local().store().require();
        Console c = console();
        c.println(c.bold(String.format("%-18s %-8s %-6s %-8s %-8s %-6s %s", "PROCESS", "VERSION", "PORT", "PID", "RUNNING", "READY", "GROUPS")));
        for (InstanceRecord instance : state.instances) {
            List<String> groups = new ArrayList<>(List.of(instance.version().key()));
            if (state.rollingGroup.contains(instance.name())) {
                groups.add(RoutingFile.ROLLING_GROUP);
            }
            row(instance.name(), c.version(instance.version().key()), instance.port(), instance.process(), String.join(",", groups));
        }
        if (state.gateway != null) {
            row("gateway", "-", state.gatewayPort, state.gateway, "");
        }
        c.println("");
        printRouting(GatewayClient.local(state.gatewayPort));
        c.println(c.dim("UI: http://localhost:" + state.gatewayPort + "/"));
        return 0;
    }

    private void row(String name, String version, int port, ProcessRef process, String groups) {
        Console c = console();
        boolean alive = process.alive();
        boolean ready = alive && Http.ready(port);
        // Pad before coloring: escape codes would count as width.
        c.println(String.format("%-18s %s %-6d %-8d %s %s %s", name, pad(version, 8), port, process.pid(),
                alive ? c.green(pad("yes", 8)) : c.red(pad("no", 8)),
                ready ? c.green(pad("yes", 6)) : c.red(pad("no", 6)), groups));
    }

    private static String pad(String text, int width) {
        String plain = text.replaceAll("\u001b\\[[0-9;]*m", "");
        return text + " ".repeat(Math.max(0, width - plain.length()));
    }

    private void printRouting(GatewayClient gateway) {
        Console c = console();
        JsonNode status = gateway.status().orElseThrow(() -> new CliException("the gateway at " + gateway.base() + " does not answer /gateway/status"));
        JsonNode config = status.path("config");
        if (config.isMissingNode() || config.isNull()) {
            c.println("routing: " + c.yellow("no config loaded yet"));
        } else {
            StringBuilder shares = new StringBuilder();
            status.path("configuredShares").fields().forEachRemaining(e -> shares.append(shares.length() == 0 ? "" : ", ")
                    .append(e.getKey()).append(' ').append(e.getValue().asInt()).append('%'));
            c.println("routing in effect: strategy " + c.bold(config.path("strategy").asText()) + " (" + shares + ")"
                    + c.dim("   from " + status.path("source").asText() + " at " + status.path("loadedAt").asText()));
        }
        JsonNode rejected = status.path("lastRejected");
        if (!rejected.isMissingNode() && !rejected.isNull()) {
            c.println(c.yellow("last rejected config") + " at " + rejected.path("at").asText() + ":");
            rejected.path("problems").forEach(p -> c.println("  - " + p.asText()));
        }
        JsonNode rollout = status.path("rollout");
        if (rollout.isObject() && !rollout.path("phase").asText("idle").equals("idle")) {
            c.println("rollout: " + rollout.path("kind").asText() + " revision " + rollout.path("revision").asText() + ", "
                    + phaseLine(rollout.path("phase").asText(), rollout.path("message").asText())
                    + c.dim("   (./rollout-lab watch follows it)"));
        }
        JsonNode endpoints = status.path("endpoints");
        if (endpoints.hasNonNull("problem")) {
            c.println(c.yellow("pods: ") + endpoints.path("problem").asText());
        }
        for (JsonNode upstream : status.path("upstreams")) {
            boolean healthy = upstream.path("healthy").asBoolean();
            // In a cluster each instance is a pod: its name and its endpoint's state (ready, terminating, not ready).
            String pod = upstream.path("pod").asText("");
            String endpoint = upstream.path("endpoint").asText("");
            c.println(String.format("  %-8s %-24s %s%s%s", upstream.path("group").asText(),
                    pod.isEmpty() ? upstream.path("url").asText() : pod,
                    healthy ? c.green("healthy") : c.red("down"),
                    endpoint.isEmpty() ? "" : " " + ("ready".equals(endpoint) ? c.green(endpoint) : c.yellow(endpoint))
                            + c.dim(" " + upstream.path("url").asText()),
                    upstream.hasNonNull("problem") ? c.dim(" (" + upstream.path("problem").asText() + ")") : ""));
        }
    }
}
