package dev.rolloutlab.chart;

import static dev.rolloutlab.chart.Chart.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The renders every validity test covers: defaults, each values file, each strategy, and each option switched on. */
final class Scenarios {

    private Scenarios() {
    }

    static Stream<Arguments> all() {
        List<Arguments> all = new ArrayList<>();
        all.add(Arguments.of("defaults", chart()));
        Chart.VALUES_FILES.forEach(file -> all.add(Arguments.of(file, chart().values(file))));
        Chart.STRATEGIES.forEach(strategy -> all.add(Arguments.of("strategy " + strategy, chart().set("strategy", strategy))));
        all.add(Arguments.of("canary replicas mode", chart().values("values-canary.yaml").set("canary.mode", "replicas")));
        all.add(Arguments.of("canary via HTTPRoute", chart().values("values-canary.yaml").set("router.type", "httpRoute").onCluster(true)));
        all.add(Arguments.of("canary via nginx", chart().values("values-canary.yaml").set("router.type", "nginx")));
        all.add(Arguments.of("blue/green via HTTPRoute", chart().values("values-bluegreen.yaml").set("router.type", "httpRoute").onCluster(true)
                .set("router.httpRoute.gatewayNamespace", "gateways")));
        all.add(Arguments.of("blue/green via nginx", chart().values("values-bluegreen.yaml").set("router.type", "nginx")));
        all.add(Arguments.of("canary auto", chart().values("values-canary.yaml").set("canary.auto.enabled", true)));
        all.add(Arguments.of("blue/green auto, manual promotion", chart().values("values-bluegreen.yaml").set("blueGreen.auto.enabled", true)
                .set("blueGreen.auto.autoPromotion", "manual")));
        all.add(Arguments.of("hostPath on", chart().set("volumes.hostPath.enabled", true)));
        all.add(Arguments.of("static PV on hostPath", chart().set("volumes.persistence.provisioning", "static")
                .set("volumes.persistence.storageClass", "manual").set("volumes.persistence.static.nodeName", "rollout-lab-worker")));
        all.add(Arguments.of("hostPath and a static hostPath PV", chart().set("volumes.hostPath.enabled", true)
                .set("volumes.persistence.provisioning", "static").set("volumes.persistence.storageClass", "manual")
                .set("volumes.persistence.static.nodeName", "rollout-lab-worker").set("strategy", "canary")));
        all.add(Arguments.of("static PV on NFS", chart().set("volumes.persistence.provisioning", "static")
                .set("volumes.persistence.static.source", "nfs").set("volumes.persistence.static.nfs.server", "10.0.0.5")
                .set("volumes.persistence.static.reclaimPolicy", "Delete").set("volumes.persistence.accessModes[0]", "ReadWriteMany")));
        all.add(Arguments.of("metrics scraper admitted", chart().values("values-bluegreen.yaml")
                .set("networkPolicy.metricsFrom[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name", "monitoring")));
        all.add(Arguments.of("storage class", chart().set("volumes.persistence.storageClass", "standard")));
        all.add(Arguments.of("no persistence, no sidecar, no PDB, no NetworkPolicy", chart().set("volumes.persistence.enabled", false)
                .set("logSidecar.enabled", false).set("podDisruptionBudget.enabled", false).set("networkPolicy.enabled", false)));
        all.add(Arguments.of("hard anti-affinity, spread, tolerations", chart().values("values-bluegreen.yaml")
                .set("scheduling.podAntiAffinity", "hard").set("scheduling.topologySpread.enabled", true)
                .set("scheduling.nodeSelector.disktype", "ssd")
                .set("scheduling.tolerations[0].key", "workshop").set("scheduling.tolerations[0].operator", "Exists")
                .set("scheduling.tolerations[0].effect", "NoSchedule")));
        all.add(Arguments.of("soft anti-affinity", chart().values("values-canary.yaml").set("scheduling.podAntiAffinity", "soft")));
        all.add(Arguments.of("ingress with TLS, NodePort", chart().set("ingress.enabled", true).set("ingress.className", "nginx")
                .set("ingress.tlsSecretName", "lab-tls").set("gateway.service.type", "NodePort").set("gateway.service.nodePort", 30080)));
        all.add(Arguments.of("percent surge", chart().set("rollout.maxSurge", "25%").set("rollout.maxUnavailable", "0%")
                .set("podDisruptionBudget.maxUnavailable", "50%")));
        return all.stream();
    }
}
