package dev.rolloutlab.cli.local;

/** One running sample instance: what a pod is in a cluster. */
public record InstanceRecord(String name, AppVersion version, int port, ProcessRef process) {

    public String url() {
        return "http://127.0.0.1:" + port;
    }
}
